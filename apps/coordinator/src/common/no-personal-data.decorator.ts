import { findPersonalData, PersonalDataKind } from '@lethe/deletion-sdk/protocol';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

export const NO_PERSONAL_DATA = 'noPersonalData';

const DESCRIPTIONS: Record<PersonalDataKind, string> = {
  email: 'an email address',
  phone: 'a phone number',
};

/**
 * Refuses free text that looks like an email address or a phone number, for fields that end up in the
 * append-only audit ledger: the ledger can never forget, so a person named there could never be erased. The
 * message names the field and says why, and never repeats the value (it may be exactly what must not be kept).
 * Non-strings pass, so `@IsString()` reports those.
 */
export function NoPersonalData(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: NO_PERSONAL_DATA,
      validator: {
        validate: (value: unknown) => kindIn(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => {
          const kind = kindIn(args?.value) ?? 'email';
          return (
            `${args?.property ?? 'value'} must not contain personal data: it looks like it holds ${DESCRIPTIONS[kind]}, ` +
            'and it is recorded in the append-only audit ledger, which can never erase it; ' +
            'refer to the person by the request id instead'
          );
        },
      },
    },
    options,
  );
}

function kindIn(value: unknown): PersonalDataKind | undefined {
  if (typeof value === 'string') return findPersonalData(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const kind = kindIn(item);
      if (kind) return kind;
    }
  }
  return undefined;
}
