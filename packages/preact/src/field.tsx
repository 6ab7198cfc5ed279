import { h, Fragment, type ComponentChildren, type RefObject } from 'preact';
import { normalizeOptions } from '@cairn/core/internal';
import { Bound } from './bound.js';
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

/** A single control's id, name and ARIA state (spread first, so its own attributes follow). */
interface Common {
  id: string;
  name: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
}

/** Stores the visitor's answer (and marks the field touched). */
type SetValue = (value: FieldValue | undefined) => void;

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
 * error. Reads only its own value (`fieldValue`, not `values`, which every answer
 * changes) and error (`Bound`), so typing in one field re-evaluates and
 * re-renders that field alone. Every config string is a text child or an attribute
 * value — never HTML.
 */
export class Field extends Bound<FieldProps, readonly [FieldValue | undefined, string | undefined]> {
  private input = { current: null as HTMLInputElement | null };

  protected read() {
    const { session: s, field: f } = this.props;
    return [s.fieldValue(f.id).value, s.errors.value[f.id]] as const;
  }

  protected show([value, error]: readonly [FieldValue | undefined, string | undefined]) {
    return fieldView(this.props, value, error, this.input);
  }
}

function fieldView({ field: f, session: s, id, touched, pressing }: FieldProps, value: FieldValue | undefined, error: string | undefined, input: RefObject<HTMLInputElement>) {
  const t = f.type;
  if (t === 'hidden') return null;

  const set = (v: FieldValue | undefined) => {
    touched.add(f.id);
    s.set(f.id, v);
  };
  const describedBy = [f.help && id + '-h', error && id + '-e'].filter(Boolean).join(' ') || undefined;
  const invalid = error ? true : undefined;
  const required = f.required || undefined;
  const common: Common = { id, name: f.id, 'aria-describedby': describedBy, 'aria-invalid': invalid, 'aria-required': required };
  const text = (
    <>
      {f.label ?? f.placeholder ?? f.id}
      {required && (
        <span class="cairn-required" aria-hidden="true">
          {' *'}
        </span>
      )}
    </>
  );

  return (
    <div
      class="cairn-field"
      // Validate when focus leaves the whole field (not between a group's options).
      // Not when focus leaves for a pressed Next/Submit: an error appearing between
      // pointerdown and pointerup would move the button and swallow the click.
      onFocusOut={(e) => {
        if (pressing.current || !touched.has(f.id)) return;
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) s.validateField(f.id);
      }}
    >
      {t === 'radio' || t === 'checkboxes' ? (
        choices(f, value, set, text, describedBy, invalid, required)
      ) : t === 'checkbox' || t === 'consent' ? (
        <label class="cairn-choice" for={id}>
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />
          <span>{text}</span>
        </label>
      ) : (
        <>
          <label for={id}>{text}</label>
          {textControl(f, value, set, common, input)}
        </>
      )}
      {f.help && (
        <div class="cairn-hint" id={id + '-h'}>
          {f.help}
        </div>
      )}
      {error && (
        <div class="cairn-error" id={id + '-e'}>
          {error}
        </div>
      )}
    </div>
  );
}

/**
 * Radio buttons or checkboxes in a fieldset with the label as legend; the field's id is every
 * option's `name`. A radio group carries the ARIA state on its fieldset, checkboxes on each box.
 */
function choices(f: FieldConfig, value: FieldValue | undefined, set: SetValue, text: ComponentChildren, describedBy?: string, invalid?: true, required?: true) {
  const radio = f.type === 'radio';
  const options = normalizeOptions(f.options);
  const list = Array.isArray(value) ? (value as readonly string[]) : [];
  return (
    <fieldset
      role={radio ? 'radiogroup' : undefined}
      aria-describedby={describedBy}
      aria-invalid={radio ? invalid : undefined}
      aria-required={radio ? required : undefined}
    >
      <legend>{text}</legend>
      {options.map((o) => (
        <label class="cairn-choice" key={o.value}>
          <input
            type={radio ? 'radio' : 'checkbox'}
            name={f.id}
            value={o.value}
            checked={radio ? value === o.value : list.includes(o.value)}
            aria-invalid={radio ? undefined : invalid}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (radio) return set(o.value);
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
}

/**
 * The control after a `<label for>`: a select, a textarea, or an input (text, email, tel, url,
 * number). The session stores the value in its type (number fields: a number).
 */
function textControl(f: FieldConfig, value: FieldValue | undefined, set: SetValue, common: Common, input: RefObject<HTMLInputElement>) {
  const t = f.type;
  const hint = AUTOCOMPLETE[t] ?? AUTOCOMPLETE[f.id.toLowerCase().replace(/[^a-z]/g, '')];
  const typed = input.current?.value;
  return t === 'select' ? (
    <select {...common} class="cairn-input" autocomplete={hint} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.currentTarget.value || undefined)}>
      <option value="">{f.placeholder ?? SELECT}</option>
      {normalizeOptions(f.options).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  ) : t === 'textarea' ? (
    <textarea
      {...common}
      class="cairn-input"
      rows={4}
      placeholder={f.placeholder}
      value={typeof value === 'string' ? value : ''}
      onInput={(e) => set(e.currentTarget.value || undefined)}
    />
  ) : (
    <input
      {...common}
      ref={input}
      class="cairn-input"
      type={t}
      inputMode={t === 'number' ? 'decimal' : undefined}
      min={t === 'number' ? f.min : undefined}
      max={t === 'number' ? f.max : undefined}
      autocomplete={hint}
      placeholder={f.placeholder}
      // A number input showing "1.0" holds 1: keep what the visitor typed.
      value={typed !== '' && Number(typed) === value ? typed : ((value ?? '') as string | number)}
      onInput={(e) => set(e.currentTarget.value || undefined)}
    />
  );
}
