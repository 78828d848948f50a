// Express handler types derived from the contract's operations, so a handler cannot read a
// parameter or answer a body the spec does not declare.
import type { ErrorEnvelope, operations } from '@mythic-analytics/contract';
import type { RequestHandler } from 'express';

type OperationId = keyof operations;

type PathOf<O> = O extends { parameters: { path: infer P } } ? P : Record<string, never>;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : undefined;

/** The JSON body of one response of an operation. */
export type Answer<
  K extends OperationId,
  S extends keyof operations[K]['responses'],
> = operations[K]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;

type SuccessStatus = 200 | 201;
type SuccessOf<K extends OperationId> = Answer<
  K,
  Extract<keyof operations[K]['responses'], SuccessStatus>
>;

/** A handler of the operation `K`. Query values arrive as strings until parsed. */
export type OperationHandler<K extends OperationId> = RequestHandler<
  PathOf<operations[K]>,
  SuccessOf<K> | ErrorEnvelope,
  BodyOf<operations[K]>,
  { [Name in keyof QueryOf<operations[K]>]?: string }
>;
