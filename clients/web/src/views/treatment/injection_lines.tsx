// What went into the syringe, one line per product and area: the product
// (from the protocol, with its substances), its lot, concentration, dose,
// depth, injection points and area, each with the protocol's own limit
// beside it and the plugin's refusal of that very field under it.

import type { Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import type { AllowedProduct, PluginDescription } from "../../gen/clinic/plugin/v1/plugin_pb";
import { recordProblems } from "./record_problems";
import { codeWords } from "./resource_names";

export interface InjectionLine {
  product: string;
  lotNumber: string;
  concentration: string;
  volumeMl: string;
  depthMm: string;
  injectionPoints: string;
  area: string;
}

export function emptyLine(protocol: PluginDescription): InjectionLine {
  return {
    product: protocol.allowedProducts[0]?.name ?? "",
    lotNumber: "",
    concentration: "",
    volumeMl: "",
    depthMm: "",
    injectionPoints: "",
    area: protocol.bodyAreas[0] ?? "",
  };
}

// "2,5" as typed on a French keyboard reads as 2.5; empty is 0 (not given).
export function amount(text: string): number {
  const value = Number(text.trim().replace(",", "."));
  return Number.isFinite(value) ? value : NaN;
}

function depthHint(protocol: PluginDescription, product: AllowedProduct | undefined): string {
  if (product?.topical) return "Applied on the skin: no depth.";
  const range = product?.depthOverrideMm ?? protocol.injectionDepthMm;
  return range ? `${range.minMm} to ${range.maxMm} mm for this product.` : "";
}

interface LineProps {
  index: number;
  line: InjectionLine;
  protocol: PluginDescription;
  refusal: Refusal | undefined;
  onChange(line: InjectionLine): void;
  onRemove?: () => void;
}

function InjectionLineFields({ index, line, protocol, refusal, onChange, onRemove }: LineProps) {
  const product = protocol.allowedProducts.find((p) => p.name === line.product);
  const path = `treatment_record.products[${index}]`;
  const problems = (field: string) => recordProblems(refusal, `${path}.${field}`);
  const set = (field: keyof InjectionLine) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...line, [field]: event.currentTarget.value });
  const topical = product?.topical ?? false;
  return (
    <fieldset class="injection-line">
      <legend>Line {index + 1}</legend>
      <div class="line-grid">
        <Field label="Product" problems={problems("product")}
          hint={product && `Contains ${product.substances.map(codeWords).join(", ")} · ${codeWords(product.category)}`}>
          {(control) => (
            <select {...control} value={line.product} onChange={set("product")}>
              {protocol.allowedProducts.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lot number" problems={problems("lot_number")} hint="From the vial's label.">
          {(control) => (
            <input {...control} value={line.lotNumber} onInput={set("lotNumber")} autocomplete="off" />
          )}
        </Field>
        <Field label={`Concentration (${product?.concentrationUnit || "as labelled"})`}
          problems={problems("concentration")}
          hint={product?.maxConcentration ? `At most ${product.maxConcentration} ${product.concentrationUnit}.` : "Not limited."}>
          {(control) => (
            <input {...control} inputMode="decimal" value={line.concentration} onInput={set("concentration")} />
          )}
        </Field>
        <Field label="Dose (ml)" problems={problems("volume_ml")}
          hint={product && `At most ${product.maxVolumeMlPerSession} ml a session, all lines of it together.`}>
          {(control) => (
            <input {...control} inputMode="decimal" value={line.volumeMl} onInput={set("volumeMl")} />
          )}
        </Field>
        <Field label="Depth (mm)" problems={problems("depth_mm")} hint={depthHint(protocol, product)}>
          {(control) => (
            <input {...control} inputMode="decimal" value={topical ? "" : line.depthMm}
              disabled={topical} onInput={set("depthMm")} />
          )}
        </Field>
        <Field label="Injection points" problems={problems("injection_points")}
          hint={topical ? "Applied on the skin: none." : product && `At most ${product.maxInjectionPointsPerSession} a session.`}>
          {(control) => (
            <input {...control} inputMode="numeric" value={topical ? "" : line.injectionPoints}
              disabled={topical} onInput={set("injectionPoints")} />
          )}
        </Field>
        <Field label="Area" problems={problems("area")} hint="One of the protocol's areas.">
          {(control) => (
            <select {...control} value={line.area} onChange={set("area")}>
              {protocol.bodyAreas.map((area) => (
                <option key={area} value={area}>
                  {codeWords(area)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {onRemove && (
        <button type="button" class="secondary outline" onClick={onRemove}>
          Remove line {index + 1}
        </button>
      )}
    </fieldset>
  );
}

export interface InjectionLinesProps {
  lines: InjectionLine[];
  protocol: PluginDescription;
  refusal: Refusal | undefined;
  onChange(lines: InjectionLine[]): void;
}

export function InjectionLines({ lines, protocol, refusal, onChange }: InjectionLinesProps) {
  return (
    <section aria-labelledby="products-title">
      <h2 id="products-title">Products injected</h2>
      <p class="field-hint">
        One line per product and area. Depth for injected products:{" "}
        {protocol.injectionDepthMm
          ? `${protocol.injectionDepthMm.minMm} to ${protocol.injectionDepthMm.maxMm} mm`
          : "as the product states"}
        , unless a product says otherwise.
      </p>
      {lines.map((line, index) => (
        <InjectionLineFields key={index} index={index} line={line} protocol={protocol} refusal={refusal}
          onChange={(changed) => onChange(lines.map((l, i) => (i === index ? changed : l)))}
          onRemove={lines.length > 1 ? () => onChange(lines.filter((_, i) => i !== index)) : undefined} />
      ))}
      <button type="button" class="secondary" onClick={() => onChange([...lines, emptyLine(protocol)])}>
        Add a line
      </button>
    </section>
  );
}
