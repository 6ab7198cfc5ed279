// The public types, pinned at compile time (`tsc -b` checks this file: packages/core/tsconfig.json
// includes src). A change here is a change to what every user of `@cairn/core` writes.
import { expectTypeOf } from 'vitest';
import * as core from './index.js';
import {
  LEAD_SCHEMA,
  checkForm,
  createCairnPage,
  createForm,
  defaultPage,
  formJsonSchema,
  parseForm,
  scoreLead,
  type CairnPage,
  type CheckResult,
  type ConfigError,
  type FormConfig,
  type FormSession,
  type LeadContext,
  type LeadPayload,
  type LeadScore,
  type PageMountOptions,
  type ParseResult,
} from './index.js';

/** The smallest config a user writes. */
const minimal = {
  id: 'demo',
  version: 1,
  steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email' }] }],
  submit: { endpoint: '/lead' },
} satisfies FormConfig;

// --- forms on a page ---
expectTypeOf(createForm).parameter(0).toEqualTypeOf<FormConfig>();
expectTypeOf(createForm(minimal)).toEqualTypeOf<FormSession>();
expectTypeOf(createCairnPage()).toEqualTypeOf<CairnPage>();
expectTypeOf(defaultPage).returns.toEqualTypeOf<CairnPage>();
expectTypeOf<CairnPage['mount']>().toEqualTypeOf<(form: FormConfig, options?: PageMountOptions) => FormSession>();
expectTypeOf<FormSession['buildPayload']>().returns.toEqualTypeOf<LeadPayload>();

// --- the config ---
expectTypeOf(minimal).toExtend<FormConfig>();
expectTypeOf(parseForm).returns.toEqualTypeOf<ParseResult>();
expectTypeOf(parseForm(minimal)).toEqualTypeOf<{ ok: true; form: FormConfig } | { ok: false; errors: ConfigError[] }>();
expectTypeOf(checkForm).returns.toEqualTypeOf<CheckResult>();
expectTypeOf(checkForm).parameter(0).toBeUnknown();
expectTypeOf(formJsonSchema).toBeFunction();
// @ts-expect-error a field type that does not exist
expectTypeOf({ ...minimal, steps: [{ id: 's', fields: [{ id: 'x', type: 'emial' }] }] }).toExtend<FormConfig>();

// --- the lead ---
expectTypeOf(LEAD_SCHEMA).toEqualTypeOf<'cairn.lead/1'>();
expectTypeOf<LeadPayload['schema']>().toEqualTypeOf<'cairn.lead/1'>();
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
expectTypeOf<RequiredKeys<LeadPayload>>().toEqualTypeOf<'schema' | 'id' | 'form' | 'submittedAt' | 'answers' | 'context'>();
expectTypeOf<LeadPayload['context']>().toEqualTypeOf<LeadContext>();
expectTypeOf<LeadPayload['form']>().toEqualTypeOf<{ id: string; version: string | number }>();
expectTypeOf(scoreLead).returns.toEqualTypeOf<LeadScore>();
expectTypeOf(scoreLead).parameter(0).toEqualTypeOf<FormConfig>();
expectTypeOf<LeadScore>().toHaveProperty('reasons');

// --- the engine is not the root's: internals and engine pieces come from subpath entries ---
type Root = typeof core;
expectTypeOf<Root>().not.toHaveProperty('createSession');
expectTypeOf<Root>().not.toHaveProperty('createPageRuntime');
expectTypeOf<Root>().not.toHaveProperty('checkFormShape');
expectTypeOf<Root>().not.toHaveProperty('checkFormSemantics');
expectTypeOf<Root>().not.toHaveProperty('normalizeOptions');
expectTypeOf<Root>().not.toHaveProperty('createDeliveryEngine');
expectTypeOf<Root>().not.toHaveProperty('createIdbProfileStore');
expectTypeOf<Root>().not.toHaveProperty('FormSchema');
expectTypeOf<Root>().not.toHaveProperty('computeScore');
// @ts-expect-error createSession is @cairn/core/internal's
core.createSession;
// @ts-expect-error zod schemas are @cairn/core/schema's
core.FormSchema;

// and the root's runtime values are exactly these
expectTypeOf<keyof Root>().toEqualTypeOf<
  | 'createForm'
  | 'defaultPage'
  | 'postToEndpoint'
  | 'createCairnPage'
  | 'parseForm'
  | 'formatConfigErrors'
  | 'checkForm'
  | 'formJsonSchema'
  | 'LEAD_SCHEMA'
  | 'scoreLead'
>();
