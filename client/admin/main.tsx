import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initAdminI18n } from '../i18n/admin'
import { AdminApp } from './AdminApp'
import './admin.css'

void initAdminI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AdminApp />
    </StrictMode>,
  ),
)
