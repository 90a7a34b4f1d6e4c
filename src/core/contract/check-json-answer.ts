import { responseSchemaOf } from '../answers/request-parts.js'
import type { ChatRequest, CheckFailure } from '../types.js'
import { CHECK, failure } from './checks.js'
import { isRecord, jsonPath } from '../json-path.js'
import { parseJsonText, type Subject } from './parse-json-text.js'
import { compileSchema } from './schema-validator.js'

/**
 * The response_format half of the contract for an answer given as text (a message's content, or a
 * string a client returned): it parses as JSON and validates against the schema. `path` locates the
 * text; failure paths inside the parsed JSON extend it, and sentences name places from the JSON's root `$`.
 */
export function checkJsonText(request: ChatRequest, text: string, path: string, subject: Subject): CheckFailure[] {
  const parsed = parseJsonText(text, subject)
  if (!parsed.ok) return [failure(CHECK.jsonParse, path, parsed.problem)]
  return checkJsonValue(request, parsed.value, path, subject)
}

/** The schema half alone, for a value that is already parsed (a client that returns an object). */
export function checkJsonValue(request: ChatRequest, value: unknown, path: string, subject: Subject): CheckFailure[] {
  const schema = responseSchemaOf(request)
  if (schema === undefined) {
    // json_object (or json_schema without a schema) promises an object, nothing more.
    return isRecord(value)
      ? []
      : [
          failure(
            CHECK.schema,
            path,
            `${subject.name} ${subject.verb} JSON but not an object, which response_format "${request.response_format?.type}" asks for`,
          ),
        ]
  }
  return compileSchema(schema)(value).map((issue) =>
    failure(CHECK.schema, extend(path, issue.segments), `${jsonPath(issue.segments)}: ${issue.problem}`),
  )
}

function extend(path: string, segments: Parameters<typeof jsonPath>[0]): string {
  // `$` extended by `.total` reads `$.total`; a response path reads `response.choices[0].message.content.total`.
  return jsonPath(segments, path)
}
