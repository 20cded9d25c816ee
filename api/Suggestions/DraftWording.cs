namespace ContentHelper.Api.Suggestions;

/// <summary>
/// The phrasings a draft is built from, kept apart from how they are put together. Each pool is large and its lines
/// are worded apart (few shared four-word runs), so that over one user's drafts no wording of the product's own recurs in
/// more than one note in ten (docs/drafts.md has the measure). Lines are written to read right in a formal note once
/// their contractions are spelled out. Slots: {q} a whole quoted sentence, {t} the article (“Title”, maybe its site),
/// {i} the person's interest as they wrote it ({I} without its article, to stand before a noun: "the arts" → "arts"; {A} with "a"/"an"), {n} a name from the user's notes, {s} a piece sent before, {w} when.
/// </summary>
internal static class DraftWording
{
    // The quote with a frame, one sentence ending in the quote; about half name the article, the rest leave it to the link.
    public static readonly string[] QuoteFrames =
    [
        "This line from {t} caught my attention: {q}",
        "{t} makes this point: {q}",
        "One line in {t} jumped out: {q}",
        "{t} has this: {q}",
        "The part I keep coming back to: {q}",
        "I was struck by this bit of {t}: {q}",
        "From {t}: {q}",
        "Here's a detail worth knowing: {q}",
        "Reading {t} today, this stood out: {q}",
        "{t} puts it plainly: {q}",
        "This passage, I thought, was the one: {q}",
        "Worth a read for this alone: {q}",
        "What caught my eye in {t}: {q}",
        "Just read {t}, and the gist is this: {q}",
        "A sentence from {t} I underlined: {q}",
        "As {t} reports: {q}",
        "Best line of the piece: {q}",
        "Came across {t}, and this made me stop: {q}",
        "Noted this one: {q}",
        "Quoting {t}: {q}",
        "Hard to argue with this: {q}",
        "Spotted in {t}: {q}",
        "Quite something, this: {q}",
        "This, from {t}, stayed with me: {q}",
        "This bit says it best: {q}",
        "One passage I marked: {q}",
        "One detail I didn't know: {q}",
        "Here's a line worth your time: {q}",
        "I read this twice: {q}",
        "The sentence that sold me: {q}",
        "Of everything in it, this stood out most: {q}",
        "Now this is interesting: {q}",
        "My favourite line: {q}",
        "Have a look at this: {q}",
        "This caught me: {q}",
        "Here's what got me: {q}",
        "Key point, as I read it: {q}",
    ];

    // When no whole sentence of the article is fit to quote: the article by name.
    public static readonly string[] BareArticle =
    [
        "Just read {t}.",
        "{t} is worth ten minutes.",
        "Have a look at {t}.",
        "Sending you {t}.",
        "{t} landed in my reading today.",
        "I've just finished {t}.",
        "Passing on {t}.",
        "{t} is a good one.",
        "Something from my reading: {t}.",
        "{t} is out, and I read it start to finish.",
    ];

    // Why it is for this person, in their own words.
    public static readonly string[] InterestLines =
    [
        "You've always had an eye for {i}, so it went straight to you.",
        "With {i} being your thing, it had to go to you.",
        "I know {i} is close to your heart.",
        "It's right up your street, given {i}.",
        "Sending it your way for the {I} angle.",
        "You'll know far more about {i} than I do, but it seemed worth passing on.",
        "It's one for the {I} file.",
        "As someone who knows {i}, you may see more in it than I did.",
        "It sits squarely in {I} territory.",
        "The {I} side of it is why it's coming to you.",
        "You came to mind straight away, {i} being what it is to you.",
        "It reads like {A} story through and through.",
        "For someone who keeps up with {i}, it's worth the time.",
        "Your view on anything to do with {i} is one I trust.",
        "It seemed the kind of {I} piece you enjoy.",
        "Sent with {i} in mind, and you.",
        "Anyone who follows {i} should see it, so here it is.",
        "Given all you know about {i}, I'd trust your read over mine.",
        "I thought of you and {i} a few lines in.",
        "It's {i} at its most interesting.",
        "You'll spot the {I} point faster than I did.",
        "It belongs with your {I} reading.",
        "I know you keep a close eye on {i}.",
        "Here's one more for your {I} shelf.",
        "With your eye for {i}, you'll see where it's going.",
        "You follow {i} more closely than anyone I know.",
        "Whatever you think of it, it's {i} done seriously.",
    ];

    // Why it is for this person when their interest is not a phrase to repeat (a job title, a formula, none).
    public static readonly string[] PlainLines =
    [
        "You came to mind as I read it.",
        "It seemed squarely your kind of thing.",
        "You'll get more out of it than most.",
        "It had you written all over it.",
        "I suspect you'll enjoy it.",
        "Passing it on to you first.",
        "You were the obvious person to send it to.",
        "I kept thinking you'd like it.",
    ];

    public static readonly string[] NoteRecalls =
    [
        "It brought back our conversation about {n}.",
        "It took me back to what you told me about {n}.",
        "And it mentions {n}, which we talked about.",
        "The {n} part made me think of our chat.",
        "You mentioned {n} once, and here it is again.",
        "It touches on {n}, which I remember you raising.",
    ];

    public static readonly string[] ShareRecalls =
    [
        "It picks up where {s}, which I sent you {w}, left off.",
        "It follows on from {s}, the piece I sent you {w}.",
        "A sequel of sorts to {s}, which I sent {w}.",
        "It builds on {s} from {w}.",
        "Another one after {s} {w}.",
        "Think of it as part two of {s}, sent {w}.",
    ];

    // A long silence, said once, at the start of the note: no number (the card says how long), and a season or month
    // only where it is true. {m} the month they were last in touch, for gaps under a year.
    public static readonly string[] GapsMonths =
    [
        "It's been a while since we last spoke.",
        "It's been some months, which is too many.",
        "We haven't spoken since {m}, which I regret.",
        "I owe you a note; it's been too long.",
        "Apologies for the quiet since {m}.",
        "Too long since we last talked, I know.",
        "It's a few months since our last exchange.",
        "I've been meaning to write since {m}.",
        "We're overdue a catch-up.",
        "Sorry to have gone quiet these past months.",
        "It has been a little while.",
        "Months have gone by since we last spoke.",
        "This note is long overdue.",
        "I can hardly believe we last spoke in {m}.",
    ];
    public static readonly string[] GapsYear =
    [
        "It must be over a year since we last spoke.",
        "More than a year has slipped by since we talked.",
        "It's been over a year, which is too long.",
        "A year and more without a word from me; sorry.",
        "We haven't spoken in more than a year.",
        "I realise it's over a year since my last note.",
        "Somehow a whole year has passed since we talked.",
        "It's well over a year since we were in touch.",
    ];
    public static readonly string[] GapsYears =
    [
        "It's been years, which I regret.",
        "Years have passed since we last spoke.",
        "It's been far too many years.",
        "We haven't been in touch for years.",
        "I'm sorry it has been years.",
        "Years, somehow, since we last talked.",
        "It has been a few years since our last exchange.",
        "Hard to believe it's been years.",
    ];
    // The same, said at the end, looking forward.
    public static readonly string[] GapsAfter =
    [
        "And let's not leave it so long next time.",
        "We should catch up properly soon.",
        "Overdue a proper catch-up, too.",
        "It would be good to hear your news.",
        "Let's not let the next gap be as long.",
        "A catch-up is long overdue.",
    ];
    // For a brief note, the gap folded into the personal sentence: "{gap} — {why}".
    public static readonly string[] GapsBrief =
    [
        "It's been a while", "Long overdue, I know", "Too long since we spoke", "Far too quiet from me",
        "Sorry for the long silence", "It has been ages", "Been too long",
    ];
    public static readonly string[] GapsBriefYear = ["Over a year, I know", "More than a year since we spoke", "A year and more of quiet from me"];
    public static readonly string[] GapsBriefYears = ["Years, I know", "It has been years", "Years since we last spoke"];

    public static readonly string[] Closings =
    [
        "Enjoy!", "Happy reading.", "Speak soon.", "More soon.", "Would be glad to know what you think.",
        "Let me know if it rings true.", "Tell me if I've got the wrong end of it.", "No rush with it.",
        "Worth the ten minutes, I think.", "Hope the week is kind to you.", "Take care.", "Enjoy the read.",
        "Thoughts welcome.", "Say if it's useful.", "Ten minutes well spent, I'd say.",
    ];

    public static readonly string[] WarmGreetings = ["Hi {0}!", "Hey {0},", "Hi {0},", "{0}!", "Hello {0}!", "Hiya {0},", "Hey {0}!"];
    public static readonly string[] BriefGreetings = ["{0} —", "Hi {0},", "{0},"];
    public static readonly string[] FormalGreetings = ["Dear {0},", "Hello {0},"];
    // No name to greet: the greeting word alone.
    public static readonly string[] NamelessGreetings = ["Hi,", "Hello,", "Hi there,"];

    public static readonly string[] WarmSignOffs = ["{0}", "Best,\n{0}", "Cheers,\n{0}", "All the best,\n{0}", "Speak soon,\n{0}", "Warmly,\n{0}"];

    // A public mention (a post that tags the person): {0} the person, {1} their interest.
    public static readonly string[] PublicLines =
    [
        "{0}, this is squarely in your {1} world.",
        "{0} — one for you, given your work on {1}.",
        "Thinking of {0} and {1} as I read this.",
        "{0}, a {1} read worth your time.",
    ];
    public static readonly string[] PlainPublicLines = ["{0}, this one's for you.", "{0} — worth your time.", "With {0} in mind."];
}
