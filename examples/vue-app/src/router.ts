import { onBeforeUnmount, onMounted, ref } from 'vue';

/** The app's pages, by path. Anything else is "/". */
export type Path = '/' | '/pricing';
export const pathOf = (url: string): Path => (new URL(url, 'http://app.invalid').pathname === '/pricing' ? '/pricing' : '/');

/** The current path, following `navigate` and the browser's back and forward buttons. */
export function useRoute(initial: Path) {
  const path = ref<Path>(initial);
  const onPop = () => (path.value = pathOf(location.href));
  onMounted(() => addEventListener('popstate', onPop));
  onBeforeUnmount(() => removeEventListener('popstate', onPop));
  const navigate = (to: Path, event?: MouseEvent) => {
    // a modified click still opens a new tab
    if (event && (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0)) return;
    event?.preventDefault();
    history.pushState(null, '', to);
    path.value = to;
    scrollTo(0, 0);
  };
  return { path, navigate };
}
