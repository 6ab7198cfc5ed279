export { CairnForm } from './cairn-form.js';
export type { CairnFormProps, CairnFormError, CairnFieldProps } from './cairn-form.js';
export { CairnProvider, useCairnPage } from './page-context.js';
export { useCairnForm } from './use-cairn-form.js';
export type { CairnFormState } from './use-cairn-form.js';
export type { FormConfig, FieldConfig, FieldValue, FieldType, LeadPayload, CairnPage, PageMountOptions, SessionEvents } from '@cairn/core';
