// A labelled input with its error message, wired for screen readers (aria-invalid, aria-describedby).
import { Input, type InputProps } from './input';
import styles from './field.module.css';

export interface TextFieldProps extends Omit<InputProps, 'id'> {
  /** The input's id; the label and the error message hang off it. */
  id: string;
  label: string;
  /** Shown under the input, and announced with it, when set. */
  error?: string | null;
}

export function TextField({ id, label, error, ...inputProps }: TextFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <Input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...inputProps}
      />
      {error ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
