// What a user of the script-tag build writes in an app with a bundler: one import; it defines
// window.Cairn, registers <cairn-form> and auto-mounts [data-cairn-form] (here the page's one form).
import '@cairn/embed';

Object.assign(window, { __ready: true });
