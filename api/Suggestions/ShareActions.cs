using System.Text.RegularExpressions;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Api.Suggestions;

/// <summary>Send (a private message) or tag (a public mention), and on which channel.</summary>
internal static partial class ShareActions
{
    // Close relationships get a personal message, whatever the article: a public tag would be too little.
    static readonly HashSet<Circle> Close = [Circle.Strategic, Circle.Mentor, Circle.Sponsor, Circle.Social, Circle.Local];

    // People who live in public conversation and usually welcome a mention.
    static readonly HashSet<Circle> Public = [Circle.InformationGenerator, Circle.SuperConnector];

    /// <summary>
    /// Whether the article can be discussed in public: not behind a paywall, not about something people keep
    /// private (health, grief, losing a job, a divorce, a lawsuit) — those are sent, never tagged.
    /// </summary>
    public static bool IsPublicFriendly(Article article, string html) =>
        !Paywalled().IsMatch(html) && !Sensitive().IsMatch(article.Title + " " + article.Excerpt + " " + string.Join(' ', article.Tags));

    public static (ShareAction Action, Channel Channel) Choose(Contact contact, bool publicArticle)
    {
        var canTagOnX = contact.XHandle is not null;
        var onLinkedIn = contact.LinkedInUrl is not null;
        var wantsPublic = contact.Circle is { } circle ? Public.Contains(circle) : contact.PreferredChannel == Channel.X;
        var closeTie = contact.Circle is { } c && Close.Contains(c);

        if (publicArticle && !closeTie && (wantsPublic || contact.PreferredChannel == Channel.X) && (canTagOnX || onLinkedIn))
        {
            var channel = contact.PreferredChannel switch
            {
                Channel.X when canTagOnX => Channel.X,
                Channel.LinkedIn when onLinkedIn => Channel.LinkedIn,
                _ => canTagOnX ? Channel.X : Channel.LinkedIn,
            };
            return (ShareAction.Tag, channel);
        }
        return (ShareAction.Send, PrivateChannel(contact));
    }

    /// <summary>The preferred channel when the contact can be reached on it, else the first that works; Other when none does (the message is copied).</summary>
    static Channel PrivateChannel(Contact contact)
    {
        bool Usable(Channel channel) => channel switch
        {
            Channel.Email => contact.Email is not null,
            Channel.WhatsApp => contact.Phone is not null,
            Channel.LinkedIn => contact.LinkedInUrl is not null,
            Channel.Telegram => true,
            _ => false,
        };
        if (contact.PreferredChannel is { } preferred && Usable(preferred)) return preferred;
        foreach (var channel in new[] { Channel.Email, Channel.WhatsApp, Channel.LinkedIn })
            if (Usable(channel)) return channel;
        return Channel.Other;
    }

    // schema.org's flag for paywalled content, as news sites declare it in JSON-LD.
    [GeneratedRegex(@"""isAccessibleForFree""\s*:\s*""?false", RegexOptions.IgnoreCase)]
    private static partial Regex Paywalled();

    [GeneratedRegex(@"\b(diagnos\w*|cancer|illness|terminal|died|death|dies|funeral|obituar\w*|grief|bereave\w*|suicide|mental health|depression|miscarriage|divorce\w*|lawsuit|sued|layoffs?|laid off|redundanc\w*|fired|bankrupt\w*|abuse|assault)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sensitive();
}
