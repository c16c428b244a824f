/** The browser's own speech synthesis, when it has a voice for the language; nothing is sent anywhere. */
export function voiceFor(lng: string): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null
  const base = lng.split('-')[0].toLowerCase()
  const voices = speechSynthesis.getVoices()
  return voices.find((v) => v.lang.toLowerCase() === lng.toLowerCase()) ?? voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === base) ?? null
}

export function speak(text: string, lng: string): void {
  const voice = voiceFor(lng)
  if (!voice) return
  speechSynthesis.cancel()
  const utterance = new SpeechSynthesisUtterance(text)
  utterance.lang = voice.lang
  try {
    utterance.voice = voice
  } catch {
    // Some engines list voices they will not take back; the language alone still picks one.
  }
  utterance.rate = 0.9
  speechSynthesis.speak(utterance)
}
