import { h, Fragment } from 'preact';
import { useRef } from 'preact/hooks';
import { normalizeOptions } from '@cairn/core/internal';
import { useSignalValue } from './use-signal-value.js';
import { SELECT } from './words.js';
import type { FieldConfig, FieldValue, FormSession } from '@cairn/core';

export interface FieldProps {
  field: FieldConfig;
  session: FormSession;
  /** DOM id of the control; help and error ids derive from it. Unique per mount. */
  id: string;
  /** Field ids the visitor has changed; blur validates only those. */
  touched: Set<string>;
  /** true while a navigation button is pressed: that press validates the step itself. */
  pressing: { readonly current: boolean };
}

/** Autocomplete hints by input type, else by normalised field id (lower case, letters only): `first_name` → `firstname`. */
const AUTOCOMPLETE = {
  __proto__: null, // an id like `constructor` must not find Object.prototype's
  email: 'email',
  tel: 'tel',
  phone: 'tel',
  url: 'url',
  website: 'url',
  name: 'name',
  firstname: 'given-name',
  lastname: 'family-name',
  company: 'organization',
  jobtitle: 'organization-title',
  country: 'country-name',
} as unknown as Record<string, string | undefined>;

/**
 * One generic wrapper for every field type: label (or legend), control, help,
 * error. Reads only its own value and error through `useSignalValue`, so typing in
 * one field re-renders that field alone. Every config string is a text child or
 * an attribute value — never HTML.
 */
export function Field({ field: f, session: s, id, touched, pressing }: FieldProps) {
  const value = useSignalValue(() => s.values.value[f.id]);
  const error = useSignalValue(() => s.errors.value[f.id]);
  const input = useRef<HTMLInputElement>(null);
  const t = f.type;
  if (t === 'hidden') return null;

  const set = (v: FieldValue | undefined) => {
    touched.add(f.id);
    s.set(f.id, v);
  };
  const group = t === 'radio' || t === 'checkboxes';
  const box = t === 'checkbox' || t === 'consent';
  const describedBy = [f.help && id + '-h', error && id + '-e'].filter(Boolean).join(' ') || undefined;
  const invalid = error ? true : undefined;
  const required = f.required || undefined;
  const text = (
    <>
      {f.label ?? f.placeholder ?? f.id}
      {f.required && (
        <span class="q" aria-hidden="true">
          {' *'}
        </span>
      )}
    </>
  );
  const hint = AUTOCOMPLETE[t] ?? AUTOCOMPLETE[f.id.toLowerCase().replace(/[^a-z]/g, '')];
  const options = group || t === 'select' ? normalizeOptions(f.options) : [];
  let control;

  if (group) {
    const list = Array.isArray(value) ? (value as readonly string[]) : [];
    control = (
      <fieldset
        role={t === 'radio' ? 'radiogroup' : undefined}
        aria-describedby={describedBy}
        aria-invalid={t === 'radio' ? invalid : undefined}
        aria-required={t === 'radio' ? required : undefined}
      >
        <legend>{text}</legend>
        {options.map((o) => (
          <label class="c" key={o.value}>
            <input
              type={t === 'radio' ? 'radio' : 'checkbox'}
              name={f.id}
              value={o.value}
              checked={t === 'radio' ? value === o.value : list.includes(o.value)}
              aria-invalid={t === 'radio' ? undefined : invalid}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                if (t === 'radio') return set(o.value);
                // Keep the answer in option order whatever the click order.
                const next = options.map((x) => x.value).filter((v) => (v === o.value ? on : list.includes(v)));
                set(next.length ? next : undefined);
              }}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  } else {
    const common = {
      id,
      name: f.id,
      'aria-describedby': describedBy,
      'aria-invalid': invalid,
      'aria-required': required,
    };
    control = box ? (
      <label class="c" for={id}>
        <input {...common} type="checkbox" checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />
        <span>{text}</span>
      </label>
    ) : (
      <>
        <label for={id}>{text}</label>
        {t === 'select' ? (
          <select
            {...common}
            class="i"
            autocomplete={hint}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(e.currentTarget.value || undefined)}
          >
            <option value="">{f.placeholder ?? SELECT}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : t === 'textarea' ? (
          <textarea
            {...common}
            class="i"
            rows={4}
            placeholder={f.placeholder}
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => set(e.currentTarget.value || undefined)}
          />
        ) : (
          <input
            {...common}
            ref={input}
            class="i"
            type={t}
            inputMode={t === 'number' ? 'decimal' : undefined}
            min={t === 'number' ? f.min : undefined}
            max={t === 'number' ? f.max : undefined}
            autocomplete={hint}
            placeholder={f.placeholder}
            // A number input showing "1.0" holds 1: keep what the visitor typed.
            value={input.current?.value !== '' && Number(input.current?.value) === value ? input.current?.value : ((value ?? '') as string | number)}
            // The session stores the value in its type (number fields: a number).
            onInput={(e) => set(e.currentTarget.value || undefined)}
          />
        )}
      </>
    );
  }

  return (
    <div
      class="f"
      // Validate when focus leaves the whole field (not between a group's options).
      // Not when focus leaves for a pressed Next/Submit: an error appearing between
      // pointerdown and pointerup would move the button and swallow the click.
      onFocusOut={(e) => {
        if (pressing.current || !touched.has(f.id)) return;
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) s.validateField(f.id);
      }}
    >
      {control}
      {f.help && (
        <div class="h" id={id + '-h'}>
          {f.help}
        </div>
      )}
      {error && (
        <div class="e" id={id + '-e'} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
