import { problem } from '../validation.js';

/**
 * A dependency's `transform` (jq run by gojq on the event data before filters and parameters). Its output must be
 * a JSON object, so expressions keep the data's shape.
 */
export class Transform {
  /** Any jq expression; it must produce an object (usually by updating a field of `.`). */
  static jq(expression: string): Transform {
    return new Transform(expression);
  }

  /**
   * Unwrap an oslo.messaging (`messagingv2`) notification: its AMQP body is `{"oslo.version": "2.0", "oslo.message":
   * "<JSON string>"}`, so `body` becomes the parsed inner message (`body.event_type`, `body.payload`, ...).
   * Messages without the envelope pass unchanged.
   */
  static osloMessage(): Transform {
    return new Transform(
      'if (.body | type) == "object" and (.body["oslo.message"] | type) == "string" then .body = (.body["oslo.message"] | fromjson) else . end',
    );
  }

  private constructor(readonly jq: string) {}

  problems(field: string): string[] {
    return this.jq.trim() ? [] : [problem(`${field}.jq`, 'must be a jq expression', this.jq)];
  }
}
