/** Sentences in a text: ends of sentence followed by a space or the end. */
export const sentences = (text: string): number => text.match(/[.!?](?=\s|$)/g)?.length ?? 0;
