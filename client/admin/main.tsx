import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initAdminI18n } from '../i18n/admin'
import { AdminApp } from './AdminApp'
import { prefetchDistrictView } from './district/prefetch'
import './admin.css'

// The district view's data and code load while the translations and the session are checked, not after.
if (window.location.pathname.startsWith('/admin/district')) prefetchDistrictView(new URLSearchParams(window.location.search))

void initAdminI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AdminApp />
    </StrictMode>,
  ),
)
