/**
 * Something that can be released: a subscription, a watcher, a registration. Whoever creates
 * one owns it and disposes it (DESIGN.md "Disposables are owned"). Structurally compatible with
 * VS Code's `Disposable`, so fronts can hand engine subscriptions straight to
 * `context.subscriptions` without wrapping them.
 */
export interface Disposable {
  dispose(): void;
}
