// Stands in for POST /api/suggestions and /api/suggestions/dismiss only while the server has no such routes
// (they are built in parallel). It answers in the shape of shared/Suggestions/SuggestionContracts.cs from the
// real account's real contacts (read through the real API with the popup's own token), so everything after the
// suggestion — recording, replaying, undoing shares — still runs against the real server.
// Once the routes exist, usesRealSuggestions() sees it and the tests talk to the server alone.

/** true when the API answers the suggestions route (anything but 404/405). */
export async function usesRealSuggestions(apiUrl, token) {
  const response = await fetch(`${apiUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ url: 'https://example.org/probe', html: '<html><body><p>probe</p></body></html>' }),
  });
  return response.status !== 404 && response.status !== 405;
}

export async function installSuggestionsStub(context, apiUrl) {
  await context.route(`${apiUrl}/api/suggestions/dismiss`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    await route.fulfill({ status: 204, headers: cors(route) });
  });
  await context.route(`${apiUrl}/api/suggestions`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const auth = route.request().headers().authorization ?? '';
    const me = await fetch(`${apiUrl}/api/me`, { headers: { Authorization: auth } });
    if (me.status === 401) {
      return route.fulfill({ status: 401, headers: cors(route) });
    }
    const { url, html } = route.request().postDataJSON();
    const contacts = (await (await fetch(`${apiUrl}/api/contacts?pageSize=200`, { headers: { Authorization: auth } })).json()).items;
    return route.fulfill({
      status: 200,
      headers: { ...cors(route), 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(suggest(url, html, contacts)),
    });
  });
}

function cors(route) {
  return { 'Access-Control-Allow-Origin': route.request().headers().origin ?? '*' };
}

function meta(html, property) {
  const pattern = new RegExp(`<meta[^>]+(?:property|name)="${property}"[^>]+content="([^"]*)"`, 'gi');
  return [...html.matchAll(pattern)].map((m) => decode(m[1]));
}

function decode(text) {
  return text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
}

function suggest(url, html, contacts) {
  const title = meta(html, 'og:title')[0] ?? /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? null;
  const isArticle = meta(html, 'og:type')[0] === 'article';
  const body = html.replace(/^[\s\S]*?<body[^>]*>/i, '').replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ');
  const text = decode(body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
  const sentences = text.split(/(?<=[.!?])\s+/);
  const article = {
    url,
    title,
    siteName: meta(html, 'og:site_name')[0] ?? null,
    topics: meta(html, 'article:tag').map((phrase, i) => ({ phrase, weight: 1 - i * 0.1 })),
    isArticle,
    notArticleReason: isArticle ? null : 'The page is a listing of products, not a piece of writing.',
  };
  if (!isArticle) return { article, suggestions: [], noMatchReason: 'Not an article.' };

  const suggestions = contacts.flatMap((contact) => {
    const reasons = contact.interests
      .filter((interest) => text.toLowerCase().includes(interest.toLowerCase()))
      .map((interest) => ({
        interest,
        evidence: sentences.find((s) => s.toLowerCase().includes(interest.toLowerCase()))?.trim().slice(0, 160) ?? '',
        kind: 'lexical',
        score: 0.8,
      }));
    if (reasons.length === 0) return [];
    const first = contact.name.split(' ')[0];
    const channel = contact.preferredChannel ?? 'email';
    const body = `${first}, this made me think of your work on ${reasons[0].interest}: ${reasons[0].evidence}`;
    const message = { subject: title ?? 'An article for you', text: body, markdown: body, html: body };
    const tweet = encodeURIComponent(body);
    const links = [
      { channel, action: 'send', label: null, url: linkFor(channel, contact, body, url, title), clipboardText: channel === 'linkedin' ? body : null },
      { channel: 'x', action: 'tag', label: 'Post on X', url: `https://x.com/intent/tweet?text=${tweet}&url=${encodeURIComponent(url)}`, clipboardText: null },
      { channel: 'email', action: 'send', label: 'Email', url: linkFor('email', contact, body, url, title), clipboardText: null },
    ].filter((link, i, all) => all.findIndex((l) => l.channel === link.channel) === i);
    return [{
      contact: {
        id: contact.id, name: contact.name, headline: contact.headline, company: contact.company, circle: contact.circle,
        lastContactedAt: contact.lastContactedAt, daysSinceContact: contact.daysSinceContact, overdue: contact.overdue, notes: contact.notes,
      },
      score: 0.8,
      scoreParts: { relevance: 0.8, overdue: contact.overdue ? 1 : 0, staleness: 0.5, circle: 0.5, sharedInterest: 0 },
      reasons,
      action: 'send',
      channel,
      message,
      links,
    }];
  });
  const groupTag = suggestions.length >= 2
    ? {
      contactIds: suggestions.map((s) => s.contact.id),
      text: `Worth a read on ${suggestions[0].reasons[0].interest}.`,
      links: [{ channel: 'x', action: 'tag', label: 'Post on X', url: `https://x.com/intent/tweet?text=${encodeURIComponent(`Worth a read on ${suggestions[0].reasons[0].interest}.`)}`, clipboardText: null }],
    }
    : null;
  return { article, suggestions, groupTag, noMatchReason: suggestions.length ? null : 'None of your contacts’ interests match this article.' };
}

function linkFor(channel, contact, body, url, title) {
  const text = encodeURIComponent(`${body}\n\n${url}`);
  switch (channel) {
    case 'x': return `https://x.com/intent/tweet?text=${encodeURIComponent(body)}&url=${encodeURIComponent(url)}`;
    case 'linkedin': return `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}`;
    case 'whatsapp': return `https://wa.me/?text=${text}`;
    default: return `mailto:${contact.email ?? ''}?subject=${encodeURIComponent(title ?? '')}&body=${text.replace(/%0A/g, '%0D%0A')}`;
  }
}
