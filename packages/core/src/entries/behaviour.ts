/** `@cairn/core/behaviour` — behaviour signals (pure roll-ups of page views, events, form activity) and the visitor record (visits, touchpoints, attribution). */
export { emptySignals, VISIT_IDLE_MS } from '../behaviour/signals.js';
export type { Signals, Tally, FormTally } from '../behaviour/signals.js';
export { recordPageView, recordEvent, recordFormStart, recordFormAbandon, recordFormSubmit } from '../behaviour/record.js';
export type { PageGroups } from '../behaviour/record.js';
export { readSignal, signalTime } from '../behaviour/read-signal.js';
export { toSignals } from '../behaviour/to-signals.js';
export { signalName, parseSignalKey } from '../behaviour/signal-key.js';
export { emptyVisitorRecord, recordVisit, addPageGroups, toVisitorRecord, touchOf, visitorContext, MAX_TOUCHPOINTS } from '../behaviour/visitor-record.js';
export type { VisitorRecord, Touch, PageView } from '../behaviour/visitor-record.js';
