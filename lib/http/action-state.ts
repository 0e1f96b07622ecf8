// The state every server-action form shows: success with an optional message and data, or a
// failure with the message and the field at fault. Client-safe (types only).
export type ActionState<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; field?: string }
  | null;

export type FormActionFn<T = undefined> = (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>;
