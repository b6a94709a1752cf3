import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** The options type-graphql's own `validate: true` uses: absent optional fields are not checked. */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/**
 * Checks every argument object (each object of a list too) against its class-validator rules,
 * failing with the ArgumentValidationError that `formatError` turns into BAD_USER_INPUT.
 *
 * This is what type-graphql does with `validate: true`, except that type-graphql loads
 * class-validator again for every argument it checks (a dynamic import that copies the
 * module's exports each time): about 12 µs a request, the largest cost a small query paid above
 * a bare Apollo Server in the throughput benchmark.
 */
export const validateArgument: ValidatorFn = async (value: unknown) => {
  if (!isObject(value)) return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, OPTIONS)));
    } else {
      await validateOrReject(value, OPTIONS);
    }
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
};

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
