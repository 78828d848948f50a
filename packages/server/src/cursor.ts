// Cursors of List clients: the base64url JSON of the last client's (created_at, id).
import { ApiError } from './errors.ts';
import { hasNul } from './field-rules.ts';

export interface CursorPosition {
  createdAt: number;
  id: string;
}

export const CURSOR_MESSAGE = 'cursor is not a next_cursor of this API; omit it to start over';

export function encodeCursor({ createdAt, id }: CursorPosition): string {
  return Buffer.from(JSON.stringify({ c: createdAt, i: id })).toString('base64url');
}

/** The position a cursor names; a 400 on `cursor` when it is not one this server issued. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(c) && typeof i === 'string' && i.length > 0 && !hasNul(i)) {
      return { createdAt: c, id: i };
    }
  } catch {
    // Falls through to the same answer as a well-formed but foreign cursor.
  }
  throw ApiError.badRequest([{ field: 'cursor', message: CURSOR_MESSAGE }]);
}
