import { useCallback, useEffect, useState } from 'react';
import type { TokenView, UserView } from '../../../../shared/types/auth';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

export interface People {
  users: UserView[] | null;
  tokens: TokenView[] | null;
  error: string | null;
  /** Reads both lists again (after a change: there is no event for people). */
  reload: () => void;
}

/** The accounts and tokens of the workspace, for the People page (admins: users.list needs people). */
export function usePeople(showAllTokens: boolean): People {
  const bridge = useBridge();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [tokens, setTokens] = useState<TokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    Promise.all([bridge.invoke('users.list'), bridge.invoke('tokens.list', { all: showAllTokens })]).then(
      ([loadedUsers, loadedTokens]) => {
        if (stopped) return;
        setUsers(loadedUsers);
        setTokens(loadedTokens);
        setError(null);
      },
      (failure: unknown) => {
        if (!stopped) setError(messageOf(failure));
      },
    );
    return () => {
      stopped = true;
    };
  }, [bridge, showAllTokens, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { users, tokens, error, reload };
}
