import { describe, expect, it } from 'vitest'
import { generateMatrix } from './matrix.js'
import type { ChatRequest } from '../types.js'

const steps = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5']
const request: ChatRequest = {
  models: steps,
  messages: [{ role: 'user', content: 'hi' }],
  tools: [{ type: 'function', function: { name: 'record', parameters: { type: 'object' } } }],
  response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
}

describe('the default matrix', () => {
  it('fails steps 1..k with each fallback fault and expects step k+1 to serve', () => {
    const plans = generateMatrix({ request, steps, canServe: () => true })
    const rateLimit = plans.filter((p) => p.id.startsWith('rate_limit@'))
    expect(rateLimit.map((p) => [p.id, p.at, p.expect.servedBy])).toEqual([
      ['rate_limit@0', { '0': 'rate_limit' }, 'openai/gpt-4.1-mini'],
      ['rate_limit@0-1', { '0': 'rate_limit', '1': 'rate_limit' }, 'anthropic/claude-sonnet-4.5'],
    ])
  })

  it('covers every fallback fault, the non-fallback faults, every step failing, transport faults and quirks at every step', () => {
    const ids = generateMatrix({ request, steps, canServe: () => true }).map((p) => p.id)
    for (const fault of [
      'rate_limit',
      'downtime',
      'context_length',
      'moderation',
      'timeout',
      'invalid_upstream',
      'no_endpoint',
    ]) {
      expect(ids).toContain(`${fault}@0`)
      expect(ids).toContain(`${fault}@0-1`)
    }
    for (const fault of ['no_credits', 'bad_key', 'error_in_200', 'choice_error', 'finish_reason_error'])
      expect(ids).toContain(`${fault}@0`)
    expect(ids).toContain('every_step_fails')
    expect(ids).toContain('edge_502_html')
    expect(ids).toContain('connection_reset')
    for (const quirk of [
      'fenced_json',
      'extra_key',
      'missing_required_key',
      'number_as_string',
      'truncated',
      'refusal',
      'tool_args_not_json',
      'unknown_tool',
      'empty_content',
    ]) {
      expect(ids).toEqual(expect.arrayContaining([`${quirk}@0`, `${quirk}@1`, `${quirk}@2`]))
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('leaves out the stream fault for a request that does not stream, and tool quirks for a request without tools', () => {
    const { tools: _tools, ...noTools } = request
    const ids = generateMatrix({ request: noTools, steps, canServe: () => true }).map((p) => p.id)
    expect(ids).not.toContain('stream_error')
    expect(ids.some((id) => id.startsWith('unknown_tool'))).toBe(false)
    expect(ids.some((id) => id.startsWith('fenced_json'))).toBe(true)
  })

  it('expects the router to skip a step that fails naturally', () => {
    const plans = generateMatrix({ request, steps, canServe: (step) => step !== 1 })
    expect(plans.find((p) => p.id === 'rate_limit@0')?.expect.servedBy).toBe('anthropic/claude-sonnet-4.5')
    expect(plans.find((p) => p.id === 'clean')?.expect.servedBy).toBe('google/gemini-2.5-flash')
    expect(plans.some((p) => p.id === 'fenced_json@1')).toBe(false)
  })

  it('raises moderation only at moderated steps, rate-limiting the others before them', () => {
    const moderated = new Set([1, 2])
    const plans = generateMatrix({
      request,
      steps,
      canServe: () => true,
      canRaise: (fault, step) => fault.onlyOn !== 'moderated-model' || moderated.has(step),
    })
    expect(plans.filter((p) => p.id.startsWith('moderation@')).map((p) => [p.id, p.at, p.expect.servedBy])).toEqual([
      ['moderation@0-1', { '0': 'rate_limit', '1': 'moderation' }, 'anthropic/claude-sonnet-4.5'],
    ])
  })

  it('plans no quirk of a parameter at a step where the router drops that parameter', () => {
    const plans = generateMatrix({
      request,
      steps,
      canServe: () => true,
      droppedAt: (step) => (step === 2 ? ['tools', 'tool_choice'] : []),
    })
    const ids = plans.map((p) => p.id)
    expect(ids).toContain('unknown_tool@1')
    expect(ids).not.toContain('unknown_tool@2')
    expect(ids).toContain('fenced_json@2')
  })

  it('selects by case id too, so one case can be left out', () => {
    const ids = generateMatrix({
      request,
      steps,
      canServe: () => true,
      exclude: ['refusal@0', 'every_step_fails', 'clean'],
    }).map((p) => p.id)
    expect(ids).not.toContain('refusal@0')
    expect(ids).toContain('refusal@1')
    expect(ids).not.toContain('every_step_fails')
    expect(ids).not.toContain('clean')
    const only = generateMatrix({ request, steps, canServe: () => true, include: ['downtime@0-1', 'truncated'] }).map(
      (p) => p.id,
    )
    expect(only).toEqual(['clean', 'downtime@0-1', 'truncated@0', 'truncated@1', 'truncated@2'])
  })

  it('honours include and exclude lists', () => {
    const only = generateMatrix({ request, steps, canServe: () => true, include: ['rate_limit'] }).map((p) => p.id)
    expect(only).toEqual([
      'clean',
      'rate_limit@0',
      'rate_limit@0-1',
      'every_step_fails',
      'every_step_fails~no-retry-after',
    ])
    const without = generateMatrix({ request, steps, canServe: () => true, exclude: ['rate_limit'] }).map((p) => p.id)
    expect(without.some((id) => id.startsWith('rate_limit'))).toBe(false)
  })

  it('lists the cases in the documented order: clean, falling-back faults by depth, request-ending faults, every step failing, transport, then each quirk step by step; every id once', () => {
    const plans = generateMatrix({ request, steps, canServe: () => true })
    const ids = plans.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids[0]).toBe('clean')
    // The layers come in blocks, never interleaved: a report reads top to bottom from router to answer.
    const layers = plans.map((p) => p.layer).filter((layer, i, all) => layer !== all[i - 1])
    expect(layers).toEqual(['none', 'router', 'transport', 'answer'])
    const router = ids.slice(1, ids.indexOf('every_step_fails'))
    expect(router.slice(0, 4)).toEqual(['rate_limit@0', 'rate_limit@0-1', 'downtime@0', 'downtime@0-1'])
    // Faults that fall back (two depths on three steps) come before the faults that end the request (step 0 only).
    const lastFallback = router.findLastIndex((id) => id.endsWith('@0-1'))
    expect(router.slice(lastFallback + 1).every((id) => /@0(~|$)/.test(id))).toBe(true)
    expect(ids.slice(ids.indexOf('every_step_fails'), ids.indexOf('every_step_fails') + 2)).toEqual([
      'every_step_fails',
      'every_step_fails~no-retry-after',
    ])
    const quirks = plans.filter((p) => p.layer === 'answer').map((p) => p.id)
    expect(quirks.slice(0, 6)).toEqual([
      'fenced_json@0',
      'fenced_json@1',
      'fenced_json@2',
      'extra_key@0',
      'extra_key@1',
      'extra_key@2',
    ])
  })

  it('plans the free-model quota once, at every :free step, expecting the first paid step to serve', () => {
    const mixed = ['a/free-one:free', 'openai/gpt-4.1-mini', 'b/free-two:free']
    const plans = generateMatrix({ request: { ...request, models: mixed }, steps: mixed, canServe: () => true })
    const quota = plans.filter((p) => p.id.startsWith('free_quota'))
    expect(quota.map((p) => [p.id, p.at, p.expect.servedBy])).toEqual([
      ['free_quota', { '0': 'free_quota', '2': 'free_quota' }, 'openai/gpt-4.1-mini'],
    ])
    expect(generateMatrix({ request, steps, canServe: () => true }).some((p) => p.id.startsWith('free_quota'))).toBe(
      false,
    )
    const allFree = ['a/free-one:free', 'b/free-two:free']
    const onlyFree = generateMatrix({ request: { ...request, models: allFree }, steps: allFree, canServe: () => true })
    expect(onlyFree.filter((p) => p.id.startsWith('free_quota')).map((p) => [p.id, p.expect.servedBy])).toEqual([
      ['free_quota', null],
      ['free_quota~no-retry-after', null],
    ])
  })

  it('plans the live and documented forms of a failure as variant cases', () => {
    const ids = generateMatrix({ request: { ...request, stream: true }, steps, canServe: () => true }).map((p) => p.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'every_step_fails',
        'every_step_fails~bare-chunk',
        'every_step_fails~http-status',
        'every_step_fails~no-retry-after',
      ]),
    )
    expect(ids).toEqual(expect.arrayContaining(['no_credits@0~bare-chunk', 'no_credits@0~insufficient-credits']))
    // A served plan and a 401 have no second form; without streaming there is no stream form.
    expect(ids.some((id) => id.startsWith('rate_limit@0~') || id.startsWith('bad_key@0~'))).toBe(false)
    expect(generateMatrix({ request, steps, canServe: () => true }).some((p) => p.id.endsWith('~bare-chunk'))).toBe(
      false,
    )
    const plan = generateMatrix({ request: { ...request, stream: true }, steps, canServe: () => true }).find(
      (p) => p.id === 'every_step_fails~bare-chunk',
    )
    expect(plan?.forms).toEqual({ streamErrorBeforeFirstToken: 'bare-chunk' })
  })
})
