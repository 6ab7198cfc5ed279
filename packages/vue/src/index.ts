export { CairnForm } from './cairn-form.js';
export type { CairnFormError, CairnFieldProps } from './cairn-form.js';
export { cairn, useCairnPage } from './plugin.js';
export { useCairnForm } from './use-cairn-form.js';
export type { CairnFormState } from './use-cairn-form.js';
export type { FormConfig, FieldConfig, FieldValue, FieldType, LeadPayload, CairnPage, PageMountOptions, SessionEvents } from '@cairn/core';
