/** Refusal to start any process in a workspace the user has not trusted (VS Code Restricted Mode). */
export class UntrustedWorkspaceError extends Error {
  override readonly name = 'UntrustedWorkspaceError';
  constructor(action: string) {
    super(`${action} is not available in Restricted Mode: Baton starts agent and check processes only in trusted workspaces.`);
  }

  static is(error: unknown): error is UntrustedWorkspaceError {
    return error instanceof UntrustedWorkspaceError;
  }
}
