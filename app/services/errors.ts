/** A refusal the user can act on: `code` is an i18n key, `field` the form field it belongs to. */
export class UserFacingError extends Error {
  constructor(
    public code: string,
    public field?: string,
    public status = 400,
  ) {
    super(code);
  }
}
