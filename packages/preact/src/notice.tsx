import { h } from 'preact';
export interface NoticeProps {
  title: string;
  message?: string | undefined;
}

/**
 * A plain message in Cairn's look, for when there is no form to show (the
 * config failed to load or parse). Text only: both strings render as text.
 */
export function Notice({ title, message }: NoticeProps) {
  return (
    <div class="cairn">
      <div class="cairn-notice" role="alert">
        <strong>{title}</strong>
        {message && <span>{message}</span>}
      </div>
    </div>
  );
}
