// The vault screens (create, unlock, reset, Linux plain-text storage): zh-CN first (the default); English in vault.en.ts. Mounted as `vault.*`.

export const vaultZh = {
  createTitle: '设置保险箱口令',
  createIntro: '浏览器版用口令加密保存您的 App Secret、sessionKey 和 AccessKey（AES-256-GCM）。口令不会被保存，忘记口令只能重新填写密钥。',
  unlockTitle: '解锁保险箱',
  unlockIntro: '请输入启动时设置的口令以解锁已保存的密钥。',
  passphrase: '口令',
  confirm: '再次输入口令',
  create: '创建保险箱',
  unlock: '解锁',
  passphraseRequired: '请输入口令',
  passphraseTooShort: '口令至少 8 个字符',
  passphraseMismatch: '两次输入的口令不一致',
  wrongPassphrase: '口令不正确，请重新输入。',
  tooManyAttempts_one: '口令错误次数过多，请 {{count}} 秒后再试。',
  tooManyAttempts_other: '口令错误次数过多，请 {{count}} 秒后再试。',
  unavailableTitle: '无法安全保存密钥',
  plainTextOptIn: '我了解风险，以明文方式保存',
  plainTextConfirmBody:
    '本机上任何能读取您用户目录的程序都能读到 App Secret、sessionKey 和 AccessKey Secret。建议先安装系统钥匙串。点击后会弹出系统对话框，由您在其中确认。',
  resetLink: '忘记口令？重置保险箱',
  resetTitle: '重置保险箱',
  resetBody: '重置会删除已保存的 App Key、App Secret、sessionKey 和 AccessKey（模板、发送记录和设置都会保留），之后需要重新填写这些密钥。此操作无法撤销。',
  resetTypeToConfirm: '请输入“{{phrase}}”以确认：',
  resetConfirm: '重置',
  resetDone: '保险箱已重置，请重新填写密钥',
};
