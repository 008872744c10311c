/**
 * Sentences the simulated models draw their answers from. `{topic}` is replaced by a keyword
 * of the prompt so answers visibly react to what was asked.
 */
export const OPENING_SENTENCES: readonly string[] = [
  'Here is a short answer about {topic}.',
  'Good question about {topic}.',
  'Let me walk through {topic} step by step.',
  'There are a few things worth knowing about {topic}.',
  'When it comes to {topic}, the details matter.',
  'Thinking about {topic}, a clear picture emerges.',
];

/** The middle of an answer: general statements, some mentioning the topic. */
export const BODY_SENTENCES: readonly string[] = [
  'The simplest approach is usually the best place to start.',
  'It helps to break the problem into smaller parts and check each one.',
  'Most of the cost comes from a handful of steps, so measure before optimising.',
  'A small example often explains more than a long definition.',
  'Trade-offs depend on the scale you expect and the failures you can tolerate.',
  'Keeping the interface narrow makes the rest of the system easier to change.',
  'Caching helps when the same work is repeated, but it adds a consistency question.',
  'Clear names and short functions make the code easier to review.',
  'Tests that exercise real boundaries catch the mistakes that matter.',
  'In practice, {topic} works best when the assumptions are written down.',
  'Many teams find that {topic} becomes simpler once the data flow is explicit.',
  'A common pitfall with {topic} is solving a problem nobody has yet.',
  'Latency and throughput pull in different directions, so pick the one users feel.',
  'Documentation close to the code tends to stay accurate for longer.',
  'If something fails, a precise error message saves hours of guessing.',
  'Gradual rollouts limit the damage of a bad change.',
];

/** An optional last sentence. */
export const CLOSING_SENTENCES: readonly string[] = [
  'I hope this helps.',
  'Let me know if you want more detail on any part.',
  'That should be enough to get started.',
  'Happy to expand on {topic} if useful.',
];

/** Words too common to be a prompt's topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'about above after again against also because been before being below between both could does doing down during ' +
    'each explain from further give have having here into just more most much other over please same should some ' +
    'such tell than that their them then there these they this those through under until very what when where which ' +
    'while whom why will with would write your yours answer question short reply briefly sentence words'
  ).split(' '),
);
