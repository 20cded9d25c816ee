using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// What the user sees and sends for one ranked match: the reasons in the contact's own words, send or tag and on
/// which channel, the drafted note and its share links. The popup's suggestions and the ideas from the reading list
/// (one contact's, the keep-in-touch page's) are built the same way.
/// </summary>
internal static class SuggestionCards
{
    /// <summary>Lexical while the model is still on its way (the first seconds after a start) reads differently from lexical for good.</summary>
    public static MatchingMode Mode(MatchMode used, EmbedderState model) =>
        used == MatchMode.Combined ? MatchingMode.Semantic
        : model is EmbedderState.Disabled or EmbedderState.Failed ? MatchingMode.Lexical
        : MatchingMode.WarmingUp;

    public static Suggestion Build(SuggestionRanker.Ranked ranked, Article article, string url, string? selection, string sender,
        bool publicArticle, MessageDrafter drafter, PastShare? lastShare, ContactsOptions contactsOptions, DateTime now)
    {
        var contact = ranked.Contact;
        // Reasons speak the contact's own words ("AI", not "ai").
        // A "sentence" of a page without full stops can be the whole page: each reason carries a bounded one.
        var reasons = ranked.Match.Reasons
            .Select(r => r with
            {
                Interest = contact.Interests.FirstOrDefault(i => InterestIndex.Normalize(i) == r.Interest) ?? r.Interest,
                Sentence = Clip(r.Sentence, MaxReasonSentence),
                Evidence = Clip(r.Evidence, MaxReasonSentence)!,
            })
            .ToList();
        var best = reasons.FirstOrDefault();
        var (action, channel) = ShareActions.Choose(contact, publicArticle);
        var daysSince = contact.DaysSinceContact(now);
        var (message, texts) = drafter.Draft(new MessageDrafter.Input(
            contact.Id, contact.Name, contact.XHandle, daysSince, best?.Interest ?? "this", best?.Sentence ?? best?.Evidence,
            url, article.DisplayTitle ?? article.Title, article.SiteName, selection, sender, article.Excerpt,
            contact.Headline, contact.Company, contact.Notes,
            lastShare is null ? null : new MessageDrafter.PreviousShare(lastShare.Title!, lastShare.SharedAt), now), channel, action);
        var links = ShareLinks.For(new ContactChannels(contact.Email, contact.Phone, contact.LinkedInUrl, contact.XHandle, contact.PreferredChannel),
            action, texts, url);
        return new Suggestion
        {
            Contact = new SuggestedContact
            {
                Id = contact.Id, Name = contact.Name, Headline = contact.Headline, Company = contact.Company, Circle = contact.Circle,
                LastContactedAt = contact.LastContactedAt, DaysSinceContact = daysSince, CadenceDays = contactsOptions.CadenceFor(contact),
                NextContactDue = contact.NextContactDue, ConnectedOn = contact.ConnectedOn,
                Overdue = contact.NextContactDue is { } due && due <= now, Notes = contact.Notes,
            },
            Score = Math.Round(ranked.Score, 6),
            Strength = ranked.Match.Strength,
            ScoreParts = ranked.Parts,
            Reasons = reasons,
            Action = action,
            Channel = channel,
            Message = message,
            Links = links,
        };
    }

    const int MaxReasonSentence = 500;

    static string? Clip(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var space = text.LastIndexOf(' ', max - 1);
        return text[..(space > 0 ? space : max - 1)] + "…";
    }
}
