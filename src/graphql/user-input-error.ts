import { GraphQLError } from 'graphql';

import { ErrorCode } from './error-code';

/**
 * A client error about one argument: `BAD_USER_INPUT`, with the argument's path in
 * `extensions.argument` so a form can point at the field. The message quotes the value and says
 * what is allowed.
 */
export class UserInputError extends GraphQLError {
  constructor(argument: string, message: string) {
    super(message, { extensions: { code: ErrorCode.BadUserInput, argument } });
    this.name = 'UserInputError';
  }
}
