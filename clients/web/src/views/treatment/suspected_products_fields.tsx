// The products suspected of causing the event, with their lots: prefilled
// from what was recorded at the session (nobody will know later what was
// in the syringe), and editable when the practitioner rules one out.

import { fieldProblems, type Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import { codeWords } from "./resource_names";

export interface SuspectedLine {
  product: string;
  lotNumber: string;
}

export interface SuspectedProductsFieldsProps {
  lines: SuspectedLine[];
  productName(name: string): string;
  refusal: Refusal | undefined;
  onChange(lines: SuspectedLine[]): void;
}

export function SuspectedProductsFields({ lines, productName, refusal, onChange }: SuspectedProductsFieldsProps) {
  return (
    <fieldset>
      <legend>Suspected products and lots</legend>
      {lines.length === 0 && <p class="field-hint">No product was recorded at the session.</p>}
      {lines.map((line, index) => (
        <div key={index} class="suspected-line">
          <Field label={`Lot of ${productName(line.product) || codeWords(line.product)}`}
            problems={fieldProblems(refusal, `adverse_event.suspected_products[${index}]`)}>
            {(control) => (
              <input {...control} value={line.lotNumber}
                onInput={(e) => onChange(lines.map((l, i) => (i === index ? { ...l, lotNumber: e.currentTarget.value } : l)))} />
            )}
          </Field>
          <button type="button" class="secondary outline"
            onClick={() => onChange(lines.filter((_, i) => i !== index))}>
            Not suspected: remove {productName(line.product)}
          </button>
        </div>
      ))}
    </fieldset>
  );
}
