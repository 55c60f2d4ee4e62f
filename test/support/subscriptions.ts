import { SubscriptionMessage } from '../../libs/event-store/src/event-store';

/** A subscription's next message; a failure when none comes within 10 s or the subscription ends. */
export async function nextMessage(iterator: AsyncIterator<SubscriptionMessage>): Promise<SubscriptionMessage> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    iterator.next(),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no message within 10 s')), 10_000))),
  ]).finally(() => clearTimeout(timer));
  if (result.done) throw new Error('subscription ended');
  return result.value;
}
