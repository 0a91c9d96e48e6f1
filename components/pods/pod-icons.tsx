// The pod actions' icons (logs, shell, delete, YAML), drawn like components/shell/icons: stroke SVGs
// in the text colour, decorative since every action button carries its own label.
import type { ReactNode } from 'react';

function glyph(paths: ReactNode) {
  return function Glyph({ size = 15 }: { size?: number }) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
      >
        {paths}
      </svg>
    );
  };
}

export const LogsIcon = glyph(
  <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9zM14 3v6h6M8 13h8M8 17h5" />,
);
export const ShellIcon = glyph(<path d="m5 8 4 4-4 4M12 17h7" />);
export const RestartIcon = glyph(<path d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5" />);
export const TrashIcon = glyph(<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />);
export const CodeIcon = glyph(<path d="m8 7-5 5 5 5M16 7l5 5-5 5" />);
