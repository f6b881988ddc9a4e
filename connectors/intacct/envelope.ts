// The request envelope we send (spec §2) and the response we read (spec §4), validated with zod after
// parsing: three status levels — control, authentication, one result per function.
import { z } from 'zod';
import { child, el, parseXmlTree, writeXmlTree, XML_DECLARATION, type XmlTreeElement, type XmlNode } from '../kit/formats/xml-tree.ts';

export interface EnvelopeInput {
  senderId: string;
  senderPassword: string;
  controlId: string;
  uniqueId: boolean;
  auth: { sessionId: string } | { userId: string; companyId: string; password: string; entityId?: string };
  transaction?: boolean;
  functions: { controlId: string; body: XmlTreeElement }[];
}

export function buildEnvelope(input: EnvelopeInput): string {
  const auth = 'sessionId' in input.auth
    ? el('sessionid', input.auth.sessionId)
    : el('login', [el('userid', input.auth.userId), el('companyid', input.auth.companyId), el('password', input.auth.password), input.auth.entityId ? el('locationid', input.auth.entityId) : undefined]);
  const request = el('request', [
    el('control', [
      el('senderid', input.senderId), el('password', input.senderPassword), el('controlid', input.controlId),
      el('uniqueid', String(input.uniqueId)), el('dtdversion', '3.0'), el('includewhitespace', 'false'),
    ]),
    el('operation', [el('authentication', [auth]), el('content', input.functions.map((f) => el('function', [f.body], { controlid: f.controlId })))], { transaction: String(!!input.transaction) }),
  ]);
  return `${XML_DECLARATION}${writeXmlTree(request)}`;
}

const errorSchema = z.object({ errorno: z.string(), description: z.string(), description2: z.string(), correction: z.string() });
export type GatewayError = z.infer<typeof errorSchema>;

const resultSchema = z.object({
  status: z.enum(['success', 'failure', 'aborted']),
  function: z.string(),
  controlid: z.string(),
  errors: z.array(errorSchema),
  data: z.custom<XmlNode>().optional(),
});
export type FunctionResult = z.infer<typeof resultSchema>;

const responseSchema = z.object({
  control: z.object({ status: z.enum(['success', 'failure']), controlid: z.string() }),
  errors: z.array(errorSchema),
  operation: z
    .object({
      auth: z.object({ status: z.enum(['success', 'failure']), userid: z.string(), companyid: z.string(), sessiontimeout: z.string().optional() }),
      errors: z.array(errorSchema),
      results: z.array(resultSchema),
    })
    .optional(),
});
export type GatewayResponse = z.infer<typeof responseSchema>;

const text = (n: XmlNode | undefined, name: string) => child(n, name)?.text ?? '';
const errorsOf = (n: XmlNode | undefined) =>
  (child(n, 'errormessage')?.children ?? []).filter((e) => e.name === 'error').map((e) => ({ errorno: text(e, 'errorno'), description: text(e, 'description'), description2: text(e, 'description2'), correction: text(e, 'correction') }));

/** Parses and validates a gateway answer; throws (with zod's explanation) when it is not one. */
export function parseResponse(xml: string): GatewayResponse {
  const root = parseXmlTree(xml);
  if (root.name !== 'response') throw new Error(`expected a <response> document, got <${root.name}>`);
  const op = child(root, 'operation');
  const auth = child(op, 'authentication');
  const shape = {
    control: { status: text(child(root, 'control'), 'status'), controlid: text(child(root, 'control'), 'controlid') },
    errors: errorsOf(root),
    ...(op && {
      operation: {
        auth: { status: text(auth, 'status'), userid: text(auth, 'userid'), companyid: text(auth, 'companyid'), ...(child(auth, 'sessiontimeout') && { sessiontimeout: text(auth, 'sessiontimeout') }) },
        errors: errorsOf(op),
        results: op.children.filter((c) => c.name === 'result').map((r) => ({ status: text(r, 'status'), function: text(r, 'function'), controlid: text(r, 'controlid'), errors: errorsOf(r), ...(child(r, 'data') && { data: child(r, 'data') }) })),
      },
    }),
  };
  return responseSchema.parse(shape);
}

/** "BL34000061 Another Vendor … - BL01001973 Could not create …": every error's number and texts. */
export function describeErrors(errors: GatewayError[]): string {
  return errors.map((e) => [e.errorno, e.description, e.description2, e.correction].map((s) => s.trim()).filter(Boolean).join(' ')).join(' - ');
}
