import { notifications } from '@mantine/notifications';
import { messageOf } from '../../format/error-message';

/** Runs one change to people or tokens, says how it went, and reloads the lists. */
export async function peopleAction(
  run: () => Promise<unknown>,
  done: { title: string; message: string },
  failed: string,
  reload: () => void,
): Promise<boolean> {
  try {
    await run();
    notifications.show({ color: 'green', ...done });
    return true;
  } catch (error) {
    notifications.show({ color: 'red', title: failed, message: messageOf(error) });
    return false;
  } finally {
    reload();
  }
}
