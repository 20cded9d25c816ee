using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Suggestions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// The article as a card and a draft speak of it: its address (the article's own, without tracking), title, site,
/// lead, and whether it may be mentioned in public. The popup takes it from the page it parsed, the reading list
/// from what it kept.
/// </summary>
internal sealed record ArticleBrief(string Url, string? Title, string? SiteName, string? Excerpt, bool PublicFriendly);

/// <summary>
/// The draft step: what the user sees and sends for one ranked match — the person, the reasons in their own words,
/// send or tag and on which channel, the drafted note and its share links. The popup's suggestions and the ideas
/// from the reading list (one contact's, the keep-in-touch page's) are built here alike.
/// </summary>
internal sealed class SuggestionCards(MessageDrafter drafter, IOptions<ContactsOptions> contactsOptions)
{
    const int MaxReasonSentence = 500;

    /// <summary>
    /// Lexical while the model is still on its way (the first seconds after a start) reads differently from lexical for
    /// good; a page not in English says whether the model read it (<see cref="Languages.ReadByModel"/>), so that the
    /// popup tells the user which, without a list of languages of its own.
    /// </summary>
    public static MatchingMode Mode(MatchMode used, EmbedderState model, string language = Languages.English) =>
        language != Languages.English && !Languages.ReadByModel(language) ? MatchingMode.OtherLanguage
        : used == MatchMode.Combined ? (language == Languages.English ? MatchingMode.Semantic : MatchingMode.OtherLanguageByMeaning)
        : model is EmbedderState.Disabled or EmbedderState.Failed ? MatchingMode.Lexical
        : MatchingMode.WarmingUp;

    /// <param name="tone">The request's tone; null takes the account's.</param>
    public Suggestion Build(SuggestionRanker.Ranked ranked, ArticleBrief article, string? selection, Relationships people, DateTime now, DraftTone? tone = null)
    {
        var contact = ranked.Contact;
        // Reasons speak the contact's own words ("AI", not "ai"), but never an imported formula or markup: a reason
        // read from such a field is left out, and its "from their headline: …" with it.
        // A "sentence" of a page without full stops can be the whole page: each reason carries a bounded one.
        var reasons = ranked.Match.Reasons
            .Select(r => r with
            {
                Interest = contact.Interests.FirstOrDefault(i => Phrases.Key(i) == r.Interest) ?? r.Interest,
                Sentence = Clip(r.Sentence, MaxReasonSentence),
                Evidence = Clip(r.Evidence, MaxReasonSentence)!,
                From = PlainText.IsSuspect(r.From) ? null : r.From,
            })
            .Where(r => !PlainText.IsSuspect(r.Interest) && !PlainText.IsSuspect(r.Evidence))
            .ToList();
        var best = reasons.FirstOrDefault();
        var reach = new ContactChannels(contact.Email, ContactKeys.Phone(contact.Phone, contactsOptions.Value.EffectivePhoneRegion),
            contact.LinkedInUrl, contact.XHandle, contact.PreferredChannel);
        var (action, channel) = ShareActions.Choose(contact, reach, article.PublicFriendly);
        var lastShare = people.LastShare(contact.Id);
        var (message, texts) = drafter.Draft(new MessageDrafter.Input(
            contact.Id, contact.Name, contact.XHandle, contact.DaysSinceContact(now), best?.Interest ?? "this", best?.Sentence ?? best?.Evidence,
            article.Url, article.Title, article.SiteName, selection, people.UserName, article.Excerpt,
            contact.Headline, contact.Company, contact.Notes,
            lastShare is null ? null : new MessageDrafter.PreviousShare(lastShare.Title!, lastShare.SharedAt), now,
            tone ?? people.Tone, people.Voice, people.Rotation), channel, action);
        var links = ShareLinks.For(reach, action, texts, article.Url);
        return new Suggestion
        {
            Contact = Describe(contact, now),
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

    /// <summary>The person as a card shows them: who, how you know them, when you were last in touch and when next.</summary>
    public SuggestedContact Describe(Contact contact, DateTime now) => new()
    {
        // The card shows what was imported as it is (the extension renders it as text); only drafts and reasons are kept plain.
        Id = contact.Id, Name = contact.Name, Headline = contact.Headline, Company = contact.Company, Circle = contact.Circle,
        LastContactedAt = contact.LastContactedAt, DaysSinceContact = contact.DaysSinceContact(now),
        CadenceDays = contactsOptions.Value.CadenceFor(contact), NextContactDue = contact.NextContactDue, ConnectedOn = contact.ConnectedOn,
        Overdue = contact.NextContactDue is { } due && due <= now, Notes = contact.Notes,
    };

    static string? Clip(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var space = text.LastIndexOf(' ', max - 1);
        return text[..(space > 0 ? space : max - 1)] + "…";
    }
}
