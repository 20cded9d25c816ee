using System.Text.RegularExpressions;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Shares;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// How the user writes, read from the notes they finally sent: the greeting ("Hey {0}!", with {0} for the
/// recipient's first name, or "" for none), the sign-off as they type it ("Cheers, Ana"), how many sentences they
/// write, and a line they keep adding ("Coffee soon?"). Each is null until the user has shown it often enough.
/// </summary>
public sealed record UserVoice(string? Greeting, string? SignOff, int? Sentences, string? Closing, int LearnedFrom)
{
    public bool IsEmpty => Greeting is null && SignOff is null && Sentences is null && Closing is null;
}

/// <summary>
/// Learns a <see cref="UserVoice"/> from sent notes. A habit counts when it is in at least <see cref="MinMessages"/>
/// notes and in most of them: one playful "Yo" is not a greeting to copy. A recurring line is reused only when it
/// carries nothing of one article — no quote, link, number or name.
/// </summary>
public static partial class VoiceLearner
{
    /// <summary>The notes read: the user's latest.</summary>
    public const int Window = 20;
    public const int MinMessages = 3;

    /// <summary>The account's voice from its latest private notes since it was last forgotten; computed on the fly, nothing stored.</summary>
    public static async Task<UserVoice> ForAccountAsync(AppDb db, Guid accountId, DateTime? forgottenAt, CancellationToken ct)
    {
        var sent = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.Action == ShareAction.Send && s.Message != null && s.Message != "")
            .Where(s => forgottenAt == null || s.SharedAt > forgottenAt)
            .OrderByDescending(s => s.SharedAt).Take(Window)
            .Select(s => new { s.Message, s.ContactName }).ToListAsync(ct);
        return Learn(sent.Select(s => (s.Message!, s.ContactName)));
    }

    /// <param name="sent">The notes as sent, with the recipient's name (to tell "Hey Sam!" as the greeting "Hey {0}!").</param>
    public static UserVoice Learn(IEnumerable<(string Message, string RecipientName)> sent)
    {
        var notes = sent.Where(s => !string.IsNullOrWhiteSpace(s.Message)).Take(Window)
            .Select(s => Read(s.Message, PersonNames.FirstName(s.RecipientName))).ToList();
        if (notes.Count < MinMessages) return new UserVoice(null, null, null, null, notes.Count);

        var greeting = Habit(notes.Select(n => n.Greeting), notes.Count);
        var signOff = Habit(notes.Select(n => n.SignOff), notes.Count);
        var lengths = notes.Select(n => n.Sentences).Where(n => n > 0).Order().ToList();
        int? sentences = lengths.Count >= MinMessages ? Math.Clamp(lengths[lengths.Count / 2], 1, 5) : null;
        // A closing line: the same last sentence in several notes, not necessarily in most.
        var closing = notes.Select(n => n.LastSentence).OfType<string>().Where(Reusable)
            .GroupBy(s => s, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() >= MinMessages)
            .OrderByDescending(g => g.Count()).Select(g => g.First()).FirstOrDefault();
        return new UserVoice(greeting, signOff, sentences, closing, notes.Count);
    }

    sealed record Note(string? Greeting, string? SignOff, int Sentences, string? LastSentence);

    // The most common value when most notes have it; "" (no greeting) counts as a habit too.
    static string? Habit(IEnumerable<string?> values, int notes) =>
        values.OfType<string>().GroupBy(v => v, StringComparer.Ordinal)
            .Where(g => g.Count() >= MinMessages && g.Count() * 2 > notes)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    /// <summary>
    /// One note's parts. Its shape, as the drafts and most people write it:
    /// <code>
    /// Hey Sam!                      ← greeting: a short first line, with the name or a greeting word
    /// It's been a while. “…” …      ← body: its sentences counted, the last one kept
    /// https://…                     ← the link: not the user's words
    /// Cheers, Ana                   ← sign-off: a short last paragraph
    /// </code>
    /// </summary>
    static Note Read(string message, string first)
    {
        var paragraphs = message.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.TrimEntries)
            .Where(p => p.Length > 0 && !OnlyUrl().IsMatch(p)).ToList();
        string? greeting = "";
        if (paragraphs.Count > 0)
        {
            var line = paragraphs[0].Split('\n')[0].Trim();
            var isGreeting = line.Length <= 40 && line.Split(' ').Length <= 5 && (GreetingWord().IsMatch(line) || first.Length > 1 && line.Contains(first, StringComparison.Ordinal))
                && !line.EndsWith('.');
            if (isGreeting)
            {
                greeting = first.Length > 1 && line.Contains(first, StringComparison.Ordinal) ? line.Replace(first, "{0}") : null;
                var rest = paragraphs[0][line.Length..].Trim();
                if (rest.Length > 0) paragraphs[0] = rest; else paragraphs.RemoveAt(0);
            }
        }
        string? signOff = null;
        if (paragraphs.Count > 1 && paragraphs[^1].Length <= 40 && paragraphs[^1].Split('\n').Length <= 2 && !paragraphs[^1].EndsWith('?'))
        {
            signOff = paragraphs[^1];
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }
        var body = string.Join(' ', paragraphs);
        // A quotation is one word of its sentence however many stops it holds, and its stop when it ends the sentence.
        var sentences = Stops().Split(Quotation().Replace(EndingQuotation().Replace(body, "Q."), "Q")).Select(s => s.Trim()).Where(s => s.Length > 1).ToList();
        var lastSentence = Stops().Split(body).Select(s => s.Trim()).LastOrDefault(s => s.Length > 1);
        // Split drops the stop: take the sentence with its own from the body.
        if (lastSentence is not null)
        {
            var at = body.LastIndexOf(lastSentence, StringComparison.Ordinal);
            var end = at + lastSentence.Length;
            if (at >= 0 && end < body.Length && body[end] is '.' or '!' or '?') lastSentence += body[end];
        }
        return new Note(greeting, signOff, sentences.Count, lastSentence);
    }

    /// <summary>A line that fits any note: short, and with nothing of one article or one person in it.</summary>
    static bool Reusable(string line) =>
        line.Length is >= 4 and <= 80 && !line.Any(char.IsDigit) && !line.Contains("http", StringComparison.OrdinalIgnoreCase)
        && line.IndexOfAny(['“', '”', '"', '‘', '’']) < 0 && !PlainText.IsSuspect(line)
        // Capitalised words past the first are names ("Say hi to Maria"), but "I" is not.
        && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(w => w is "I" or "I'm" or "I'll" or "I'd" || !char.IsUpper(w[0]));

    [GeneratedRegex(@"^(hi|hey|hello|dear|hiya|yo|morning|good morning|greetings|howdy)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GreetingWord();

    [GeneratedRegex(@"^https?://\S+$")]
    private static partial Regex OnlyUrl();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex Stops();

    [GeneratedRegex("“[^”]*”(?=\\s*$|\\s+[A-Z“])")]
    private static partial Regex EndingQuotation();

    [GeneratedRegex("“[^”]*”|\"[^\"]*\"")]
    private static partial Regex Quotation();
}
