// What a Vue user writes (a render function, so the app needs no SFC plugin):
// <CairnForm :config="…" @ready @delivered /> under app.use(cairn).
import { cairn, CairnForm } from '@cairn/vue';
import { createApp, h } from 'vue';
import { events, ready, wrapperForm } from './wrapper-form.js';

const config = wrapperForm('scratch-vue');
createApp({ render: () => h(CairnForm, { config, onReady: ready, onDelivered: ({ payload }: { payload: { id: string } }) => events.push(`delivered ${payload.id}`) }) })
  .use(cairn)
  .mount('#app');
