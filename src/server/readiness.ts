/**
 * Whether the service can answer queries: every named check must hold and no shutdown may have
 * begun. `/readyz` reports it so a load balancer stops sending work before the process stops.
 */
export class Readiness {
  private readonly checks = new Map<string, () => boolean>();
  private stopping = false;

  /** Adds a condition that must hold, under a name shown in `/readyz`. */
  require(name: string, check: () => boolean): void {
    this.checks.set(name, check);
  }

  /** Marks the start of shutdown; the service is never ready again. */
  markStopping(): void {
    this.stopping = true;
  }

  /** Each check's state, and whether all hold. */
  report(): { ready: boolean; checks: Record<string, boolean> } {
    const checks: Record<string, boolean> = { shuttingDown: this.stopping };
    let ready = !this.stopping;
    for (const [name, check] of this.checks) {
      const passed = safely(check);
      checks[name] = passed;
      ready &&= passed;
    }
    return { ready, checks };
  }
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
