/** What every kind has: the key it is written under in zervigo.yaml. */
export interface Kinded {
  kind: string;
}

/**
 * The kinds of one family (probe, channel or action kinds): the built-ins, plus what plugins
 * register. Looked up by the key a workspace entry is written under; two entries may not claim
 * the same key. `all()` keeps the order of registration (the built-ins' order is the order the
 * schema and messages list them in), and is the same array until something is registered, so
 * schemas assembled from it are built once.
 */
export class KindRegistry<Kind extends Kinded> {
  private readonly byKey = new Map<string, Kind>();
  private list: readonly Kind[] = [];

  constructor(
    private readonly family: string,
    builtins: readonly Kind[] = [],
  ) {
    for (const kind of builtins) this.register(kind);
  }

  /** Adds a kind; refuses a key another kind already has (naming both). */
  register(kind: Kind, owner = 'zervigo'): void {
    if (this.byKey.has(kind.kind)) throw new Error(`${owner} registers the ${this.family} kind "${kind.kind}", which is already registered`);
    this.byKey.set(kind.kind, kind);
    this.list = [...this.list, kind];
  }

  /** Takes a kind out again (a plugin's kind once no installed plugin provides it); built-ins are never removed. */
  unregister(key: string): void {
    if (!this.byKey.delete(key)) return;
    this.list = this.list.filter((kind) => kind.kind !== key);
  }

  get(key: string): Kind | undefined {
    return this.byKey.get(key);
  }

  /** The kind a workspace entry uses, or an error naming the kinds there are (the schema refuses such entries first). */
  require(key: string): Kind {
    const kind = this.byKey.get(key);
    if (kind === undefined) throw new Error(`no ${this.family} kind "${key}" (kinds: ${[...this.byKey.keys()].join(', ')})`);
    return kind;
  }

  /** The kind whose key an entry of the workspace file has set (exactly one, as the schema ensures). */
  of(entry: object): Kind {
    const key = Object.keys(entry).find((candidate) => this.byKey.has(candidate) && (entry as Record<string, unknown>)[candidate] !== undefined);
    if (key === undefined) throw new Error(`the ${this.family} has no kind (kinds: ${[...this.byKey.keys()].join(', ')})`);
    return this.byKey.get(key) as Kind;
  }

  all(): readonly Kind[] {
    return this.list;
  }
}
