import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import { parseXml, type XmlElement } from './__fixtures__/parse-xml.js'
import { junitReporter } from './junit.js'

/**
 * The Jenkins xunit plugin's JUnit schema, junit-10.xsd
 * (github.com/jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd),
 * transcribed rule by rule: for each element, the attributes it allows (and requires), the child
 * elements it allows, and whether it may hold text. No XSD validator for Node is both small and well
 * kept, so the test checks the document against this table instead.
 */
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/
interface ElementRule {
  attributes: Record<string, 'optional' | 'required'>
  children: string[]
  text: boolean
  /** xs:attribute types other than xs:string. */
  patterns?: Record<string, RegExp>
}
const rerun: ElementRule = {
  attributes: { message: 'optional', type: 'required' },
  children: ['stackTrace', 'system-out', 'system-err'],
  text: true,
}
const result: ElementRule = { attributes: { type: 'optional', message: 'optional' }, children: [], text: true }
const JUNIT_10: Record<string, ElementRule> = {
  testsuites: {
    attributes: { name: 'optional', time: 'optional', tests: 'optional', failures: 'optional', errors: 'optional' },
    children: ['testsuite'],
    text: false,
    patterns: { time: SUREFIRE_TIME },
  },
  testsuite: {
    attributes: {
      name: 'required',
      tests: 'required',
      failures: 'required',
      errors: 'required',
      group: 'optional',
      time: 'optional',
      skipped: 'optional',
      timestamp: 'optional',
      hostname: 'optional',
      id: 'optional',
      package: 'optional',
      file: 'optional',
      log: 'optional',
      url: 'optional',
    },
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
    patterns: { time: SUREFIRE_TIME },
  },
  testcase: {
    attributes: { name: 'required', time: 'optional', classname: 'optional', group: 'optional' },
    children: [
      'skipped',
      'error',
      'failure',
      'rerunFailure',
      'rerunError',
      'flakyFailure',
      'flakyError',
      'system-out',
      'system-err',
    ],
    text: false,
  },
  failure: result,
  error: result,
  skipped: result,
  rerunFailure: rerun,
  rerunError: rerun,
  flakyFailure: rerun,
  flakyError: rerun,
  properties: { attributes: {}, children: ['property'], text: false },
  property: { attributes: { name: 'required', value: 'required' }, children: [], text: false },
  'system-out': { attributes: {}, children: [], text: true },
  'system-err': { attributes: {}, children: [], text: true },
  stackTrace: { attributes: {}, children: [], text: true },
}

/** Every way `element` breaks the schema, as sentences with the element's path. */
function violations(element: XmlElement, path = element.name): string[] {
  const rule = JUNIT_10[element.name]
  if (!rule) return [`${path}: <${element.name}> is not an element of the schema`]
  const found: string[] = []
  for (const [name, value] of Object.entries(element.attributes)) {
    if (!(name in rule.attributes)) found.push(`${path}: attribute "${name}" is not allowed`)
    else if (rule.patterns?.[name] && !rule.patterns[name].test(value))
      found.push(`${path}: ${name}="${value}" does not match its type`)
  }
  for (const [name, use] of Object.entries(rule.attributes))
    if (use === 'required' && !(name in element.attributes))
      found.push(`${path}: required attribute "${name}" is missing`)
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (!rule.text && child.trim() !== '') found.push(`${path}: text is not allowed here`)
      continue
    }
    if (!rule.children.includes(child.name)) found.push(`${path}: <${child.name}> may not be a child`)
    found.push(...violations(child, `${path}/${child.name}[${child.attributes.name ?? ''}]`))
  }
  return found
}

const render = (report = reportFixture()) => junitReporter.render(report, { color: false }).files![0]!.content

describe('JUnit output against the Jenkins xunit schema (junit-10.xsd)', () => {
  it('is valid: no attribute, child or text the schema does not allow', () => {
    const report = reportFixture()
    // Every shape the reporter writes: a failed lint, lint notes, passed and failed cases, a crash, warnings.
    report.scenarios[1]!.cases.push(
      makeCase({
        id: 'crash',
        verdict: 'fail',
        outcome: 'crashed',
        failures: [],
        error: { name: 'TypeError', message: 'x is undefined' },
      }),
    )
    expect(violations(parseXml(render(report)))).toEqual([])
  })

  it('gives every testcase a time: the wall-clock time the case took, in seconds', () => {
    const report = reportFixture()
    report.scenarios[0]!.cases[1]!.durationMs = 1234
    const suites = parseXml(render(report)).children.filter((c): c is XmlElement => typeof c !== 'string')
    const cases = suites.flatMap((s) =>
      s.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'testcase'),
    )
    expect(cases.length).toBeGreaterThan(0)
    for (const c of cases) expect(c.attributes.time).toMatch(/^\d+\.\d{3}$/)
    expect(cases.find((c) => c.attributes.name?.startsWith('rate_limit@0'))!.attributes.time).toBe('1.234')
  })

  it('the transcribed schema catches what it should: an unknown testcase attribute, a missing name, a bad suite time', () => {
    const bad = parseXml(
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="1.2s"><testcase file="a.ts"/></testsuite></testsuites>',
    )
    expect(violations(bad)).toEqual([
      'testsuites/testsuite[s]: time="1.2s" does not match its type',
      'testsuites/testsuite[s]/testcase[]: attribute "file" is not allowed',
      'testsuites/testsuite[s]/testcase[]: required attribute "name" is missing',
    ])
  })
})
