import type { CairnFieldProps } from '@cairn/react';
import { useId } from 'react';

/**
 * The app's own look for every `radio` field: options as cards. Native radio inputs (keyboard
 * and screen readers work as usual), in the page's DOM and styles; Cairn shows it in the field's
 * place and keeps the answer, the validation and the lead.
 */
export function ChoiceCards({ field, value, error, setValue, validate }: CairnFieldProps) {
  const name = useId();
  const options = (field.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  return (
    <fieldset
      className="choice-cards"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${name}-error` : undefined}
      // validate once focus leaves the whole group, not between its options
      onBlur={(event) => event.currentTarget.contains(event.relatedTarget) || validate()}
    >
      <legend>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
      </legend>
      <div className="choice-cards-options">
        {options.map((o) => (
          <label key={o.value} className={value === o.value ? 'choice-card chosen' : 'choice-card'}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => setValue(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {error && (
        <p className="choice-cards-error" id={`${name}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
