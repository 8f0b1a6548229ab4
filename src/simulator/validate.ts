/**
 * Request-body checks that collect every problem before answering, so one 422 lists all bad fields
 * in Krastie's `data: [{field, message}]` form.
 */
import { ApiError, type FieldError } from './responses.js';

export type Body = Readonly<Record<string, unknown>>;

export class BodyReader {
  private readonly errors: FieldError[] = [];

  constructor(private readonly body: Body) {}

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** A non-blank string; '' when missing or invalid (done() throws before it is used). */
  requiredString(field: string): string {
    const value = this.body[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.fail(
      field,
      value === undefined || value === ''
        ? `"${field}" is required.`
        : `"${field}" must be a non-empty string.`,
    );
    return '';
  }

  optionalString(field: string): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.fail(field, `"${field}" must be a string.`);
    return undefined;
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.fail(field, `"${field}" must be true or false.`);
    return undefined;
  }

  optionalObject(field: string): void {
    const value = this.body[field];
    if (value === undefined || value === null) return;
    if (typeof value !== 'object' || Array.isArray(value)) this.fail(field, `"${field}" must be an object.`);
  }

  optionalStringList(field: string, max: number): string[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
      this.fail(field, `"${field}" must be a list of non-empty strings.`);
      return undefined;
    }
    if (value.length > max) {
      this.fail(field, `"${field}" accepts at most ${max} entries (got ${value.length}).`);
      return undefined;
    }
    return value as string[];
  }

  /** Throws the 422 if anything failed. */
  done(): void {
    if (this.errors.length === 0) return;
    throw new ApiError(422, `Validation failed: ${this.errors.map((e) => e.message).join(' ')}`, this.errors);
  }
}
