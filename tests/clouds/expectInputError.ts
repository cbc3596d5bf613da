import { strict as assert } from "assert";
import { PolicyInputError } from "../../src/policies";

/** `fn` throws a PolicyInputError with exactly this field and message. */
export function expectInputError(fn: () => unknown, field: string, message: string): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof PolicyInputError, String(err));
        assert.equal(err.message, message);
        assert.equal(err.field, field);
        return true;
    });
}

/** Every [value, message] row throws that message with `field`; every valid value comes back unchanged. */
export function validatorTable(validate: (value: unknown) => unknown, field: string, valid: unknown[], invalid: Array<[unknown, string]>): void {
    for (const v of valid) it(`accepts ${JSON.stringify(v)}`, () => assert.equal(validate(v), v));
    for (const [v, message] of invalid) it(`refuses ${JSON.stringify(v) ?? String(v)}`, () => expectInputError(() => validate(v), field, message));
}
