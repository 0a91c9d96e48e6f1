// The text input primitive (styled like the rest of the console; invalid state via aria-invalid).
import type { InputHTMLAttributes, Ref } from 'react';
import styles from './field.module.css';

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
}

export function Input({ className, ...props }: InputProps) {
  return <input className={[styles.input, className ?? ''].filter(Boolean).join(' ')} {...props} />;
}
