import { UserInputError } from '../user-input-error';

/** Refuses a page size outside 1..maxPageSize. */
export function checkPageSize(first: number, maxPageSize: number): number {
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw new UserInputError(
      'first',
      `first is ${first}; it must be a whole number from 1 to ${maxPageSize}.`,
    );
  }
  return first;
}
