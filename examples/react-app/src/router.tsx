import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** The app's pages, by path. Anything else is "/". */
export type Path = '/' | '/pricing';
export const pathOf = (url: string): Path => (new URL(url, 'http://app.invalid').pathname === '/pricing' ? '/pricing' : '/');

/** The current path, following links (`navigate`) and the browser's back and forward buttons. */
export function useRoute(initial: Path): [Path, (to: Path) => void] {
  const [path, setPath] = useState(initial);
  useEffect(() => {
    const onPop = () => setPath(pathOf(location.href));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: Path) => {
    history.pushState(null, '', to);
    setPath(to);
    scrollTo(0, 0);
  };
  return [path, navigate];
}

/** A link that changes the route without loading a page (a modified click still opens a new tab). */
export function Link({ to, navigate, current, children }: { to: Path; navigate: (to: Path) => void; current: Path; children: ReactNode }) {
  const onClick = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} aria-current={current === to ? 'page' : undefined}>
      {children}
    </a>
  );
}
