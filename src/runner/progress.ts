import type { CaseReport, ScenarioReport } from '../schema/report.js'

/**
 * What a run reports while it works, so a caller can show progress (the CLI draws a line on a
 * terminal). Events arrive in order per scenario; cases of one scenario may finish out of order.
 */
export type RunProgress =
  | { type: 'scenario-start'; scenario: string; file: string; index: number; scenarios: number; cases: number }
  | { type: 'case-done'; scenario: string; case: CaseReport }
  | { type: 'scenario-done'; index: number; scenarios: number; report: ScenarioReport }
