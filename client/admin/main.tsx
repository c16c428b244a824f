import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initI18n } from '../i18n/i18n'
import { AdminApp } from './AdminApp'
import './admin.css'

void initI18n('en').then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AdminApp />
    </StrictMode>,
  ),
)
