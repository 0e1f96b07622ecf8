// A grant's provenance as JSON text. Many grants share the same sources (every action of
// AdministratorAccess, every verb of cluster-admin): they share one string, built once.
const MAX_SOURCES = 10;

export class ProvenanceText<S extends object> {
  private readonly ids = new WeakMap<S, number>();
  private readonly texts = new Map<string, string>();
  private next = 0;

  private id(s: S): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.next++));
    return id;
  }

  of(sources: readonly S[]): string {
    const key = sources.map((s) => this.id(s)).join(",");
    let text = this.texts.get(key);
    if (text === undefined) {
      const shown = sources.length > MAX_SOURCES ? [...sources.slice(0, MAX_SOURCES), { more: sources.length - MAX_SOURCES }] : sources;
      this.texts.set(key, (text = JSON.stringify(shown)));
    }
    return text;
  }
}
